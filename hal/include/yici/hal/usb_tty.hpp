// A serial port named by the USB id of its bridge, "usb:VID:PID" (e.g. "usb:1a86:7523"), found in sysfs:
// after an unplug the kernel may give the bridge another /dev/ttyUSBn, and a board that names it by id finds
// it again. Also the sysfs walk `yicictl devices` shares: which USB device a sysfs node belongs to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace yici::hal {

struct UsbTtyId {
    std::uint16_t vendor_id = 0;
    std::uint16_t product_id = 0;
    friend bool operator==(const UsbTtyId&, const UsbTtyId&) = default;
};

// "usb:VID:PID" with 4 hex digits each (either case); nullopt for anything else (a path).
std::optional<UsbTtyId> parseUsbTtyId(std::string_view device);

// The /dev node of the first tty (ttyUSB2 before ttyUSB10) under `sys`/class/tty whose USB device has this
// id; empty when none is plugged in. A few stat calls: cheap enough for a retry every 0.5-5 s.
std::string findUsbTty(const UsbTtyId& id, const std::filesystem::path& sys = "/sys");

// The USB device a sysfs node belongs to: the nearest parent folder with an idVendor file; empty when none.
std::filesystem::path usbParent(const std::filesystem::path& node);
// The first line of a sysfs attribute file without its trailing blanks; "" when it cannot be read.
std::string sysfsAttribute(const std::filesystem::path& file);
// "vid:pid" of a USB device folder (usbParent()); empty for an empty path.
std::string usbId(const std::filesystem::path& usb_device);

}  // namespace yici::hal
