// `yicictl devices`: the sysfs walk that finds USB-serial bridges, USB printers and V4L2 cameras.
#include "ctl/device_scan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "yici/hal/usb_tty.hpp"

namespace yici::ctl {
namespace {

namespace fs = std::filesystem;

std::string usbName(const fs::path& device) {
    const std::string maker = hal::sysfsAttribute(device / "manufacturer");
    const std::string product = hal::sysfsAttribute(device / "product");
    return maker.empty() ? product : product.empty() ? maker : maker + " " + product;
}

std::vector<fs::path> entries(const fs::path& dir) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        found.push_back(it->path());
    std::sort(found.begin(), found.end());
    return found;
}

void serialPorts(const fs::path& sys, std::vector<FoundDevice>& out) {
    for (const fs::path& tty : entries(sys / "class/tty")) {
        const std::string name = tty.filename().string();
        if (!name.starts_with("ttyUSB") && !name.starts_with("ttyACM")) continue;
        const fs::path usb = hal::usbParent(tty / "device");
        const std::string id = hal::usbId(usb);
        const std::string node = "/dev/" + name;
        const auto bridge =
            std::find_if(std::begin(reader_bridges), std::end(reader_bridges),
                         [&](const UsbId& b) { return id == fmt::format("{}:{}", b.vid, b.pid); });
        if (bridge != std::end(reader_bridges)) {
            out.push_back({"id_reader", node, id, std::string(bridge->what),
                           fmt::format("[id_reader] driver = \"sam-serial\", device = \"usb:{}\"", id)});
        } else {
            out.push_back({"serial", node, id, usb.empty() ? "" : usbName(usb), ""});
        }
    }
}

void printers(const fs::path& sys, std::vector<FoundDevice>& out) {
    std::vector<std::string> seen;
    for (const fs::path& iface : entries(sys / "bus/usb/devices")) {
        if (hal::sysfsAttribute(iface / "bInterfaceClass") != "07") continue;  // USB printer class
        const fs::path usb = hal::usbParent(iface);
        const std::string id = hal::usbId(usb);
        if (usb.empty() || std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        out.push_back(
            {"printer", "usb://" + id, id, usbName(usb), fmt::format("[printer] uri = \"usb://{}\"", id)});
    }
    for (const fs::path& lp : entries(sys / "class/usbmisc")) {
        const std::string name = lp.filename().string();
        if (!name.starts_with("lp")) continue;
        const fs::path usb = hal::usbParent(lp / "device");
        out.push_back({"printer", "/dev/usb/" + name, hal::usbId(usb), usb.empty() ? "" : usbName(usb),
                       fmt::format("[printer] uri = \"file:///dev/usb/{}\"", name)});
    }
}

void cameras(const fs::path& sys, std::vector<FoundDevice>& out) {
    for (const fs::path& video : entries(sys / "class/video4linux")) {
        // A UVC camera has a second node for metadata (index 1): only the capture node counts.
        if (const std::string index = hal::sysfsAttribute(video / "index"); !index.empty() && index != "0")
            continue;
        const std::string node = "/dev/" + video.filename().string();
        const fs::path usb = hal::usbParent(video / "device");
        const std::string name = hal::sysfsAttribute(video / "name");
        out.push_back({"camera", node, hal::usbId(usb), name.empty() && !usb.empty() ? usbName(usb) : name,
                       fmt::format("[camera] driver = \"opencv\", source = \"{}\"", node)});
    }
}

}  // namespace

std::vector<FoundDevice> scanDevices(const fs::path& sys) {
    std::vector<FoundDevice> found;
    serialPorts(sys, found);
    printers(sys, found);
    cameras(sys, found);
    // What the kiosk uses first, in the order of the board config; other serial ports last.
    const auto rank = [](const FoundDevice& d) {
        return d.kind == "id_reader" ? 0 : d.kind == "printer" ? 1 : d.kind == "camera" ? 2 : 3;
    };
    std::stable_sort(found.begin(), found.end(),
                     [&](const FoundDevice& a, const FoundDevice& b) { return rank(a) < rank(b); });
    return found;
}

std::vector<FoundDevice> scanSimulator(const fs::path& dir) {
    std::vector<FoundDevice> found;
    std::error_code ec;
    const fs::path reader = dir / "idreader";
    if (fs::is_symlink(reader, ec) && fs::exists(reader, ec)) {
        found.push_back(
            {"id_reader", reader.string(), "", "yici-devsim's virtual SAM reader (a pty)",
             fmt::format("[id_reader] driver = \"sam-serial\"  device = \"{}\"", reader.string())});
    }
    const fs::path camera = dir / "camera" / "current";
    if (fs::is_symlink(camera, ec) && fs::exists(camera, ec)) {
        const std::string source = (camera / "*.png").string();
        found.push_back({"camera", source, "", "yici-devsim's virtual camera (PNG scenes)",
                         fmt::format("[camera] driver = \"opencv\"  source = \"{}\"", source)});
    }
    return found;
}

}  // namespace yici::ctl
