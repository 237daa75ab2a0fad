// The sysfs walk from a tty to its USB bridge.
#include "yici/hal/usb_tty.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>
#include <vector>

#include "yici/hal/usb_id.hpp"

namespace yici::hal {
namespace {

namespace fs = std::filesystem;

// The id of the USB device a sysfs node belongs to; nullopt when it has none.
std::optional<UsbTtyId> usbIdOf(const fs::path& node) {
    const fs::path usb = usbParent(node);
    if (usb.empty()) return std::nullopt;
    const auto vendor = parseUsbId(sysfsAttribute(usb / "idVendor"));
    const auto product = parseUsbId(sysfsAttribute(usb / "idProduct"));
    if (!vendor || !product) return std::nullopt;
    return UsbTtyId{*vendor, *product};
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
    const auto vendor = parseUsbId(device.substr(0, colon)), product = parseUsbId(device.substr(colon + 1));
    if (!vendor || !product) return std::nullopt;
    return UsbTtyId{*vendor, *product};
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
    for (const fs::path& tty : ttys) {
        if (usbIdOf(tty / "device") == id) return "/dev/" + tty.filename().string();
    }
    return {};
}

}  // namespace yici::hal
