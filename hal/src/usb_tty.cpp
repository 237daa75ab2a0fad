// The sysfs walk from a tty to its USB bridge.
#include "yici/hal/usb_tty.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>
#include <vector>

namespace yici::hal {
namespace {

namespace fs = std::filesystem;

bool hex4(std::string_view s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) != 0;
           });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return out;
}

}  // namespace

std::string sysfsAttribute(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

std::optional<UsbTtyId> parseUsbTtyId(std::string_view device) {
    if (!device.starts_with("usb:")) return std::nullopt;
    device.remove_prefix(4);
    const auto colon = device.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view vid = device.substr(0, colon), pid = device.substr(colon + 1);
    if (!hex4(vid) || !hex4(pid)) return std::nullopt;
    return UsbTtyId{lower(vid), lower(pid)};
}

fs::path usbParent(const fs::path& node) {
    std::error_code ec;
    fs::path dir = fs::canonical(node, ec);
    if (ec) return {};
    for (; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
        if (fs::exists(dir / "idVendor", ec)) return dir;
    }
    return {};
}

std::string usbId(const fs::path& usb_device) {
    return usb_device.empty()
               ? ""
               : sysfsAttribute(usb_device / "idVendor") + ":" + sysfsAttribute(usb_device / "idProduct");
}

std::string findUsbTty(const UsbTtyId& id, const fs::path& sys) {
    std::vector<fs::path> ttys;
    std::error_code ec;
    for (fs::directory_iterator it(sys / "class/tty", ec), end; !ec && it != end; it.increment(ec))
        ttys.push_back(it->path());
    // In the kernel's numbering: ttyUSB2 before ttyUSB10. Two bridges with one id: the first wins.
    std::sort(ttys.begin(), ttys.end(), [](const fs::path& a, const fs::path& b) {
        const std::string x = a.filename().string(), y = b.filename().string();
        return x.size() != y.size() ? x.size() < y.size() : x < y;
    });
    const std::string wanted = id.vid + ":" + id.pid;
    for (const fs::path& tty : ttys) {
        if (lower(usbId(usbParent(tty / "device"))) == wanted) return "/dev/" + tty.filename().string();
    }
    return {};
}

}  // namespace yici::hal
