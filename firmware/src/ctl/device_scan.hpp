// `yicictl devices`: what is plugged into the board that the kiosk could use, found in sysfs: USB-serial
// bridges of the kind SAM ID-card readers sit behind, USB printers (printer-class interface) and cameras
// (V4L2). The same VID:PIDs and classes get the yici group in firmware/systemd/70-yici.rules.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace yici::ctl {

struct UsbId {
    std::string_view vid;
    std::string_view pid;
    std::string_view what;
};

// The USB-serial bridges the supported SAM readers use (the reader itself has no USB id of its own).
inline constexpr UsbId reader_bridges[] = {
    {"1a86", "7523", "CH340 USB-serial bridge"},      {"1a86", "5523", "CH341 USB-serial bridge"},
    {"067b", "2303", "PL2303 USB-serial bridge"},     {"10c4", "ea60", "CP210x USB-serial bridge"},
    {"0403", "6001", "FTDI FT232 USB-serial bridge"},
};

struct FoundDevice {
    std::string kind;    // id_reader, printer, camera, serial (a serial port of unknown kind)
    std::string path;    // /dev/ttyUSB0, usb://0dd4:0195, /dev/usb/lp0, /dev/video0
    std::string usb_id;  // "1a86:7523"; empty for a port without a USB parent
    std::string what;    // the bridge, or the device's own manufacturer and product strings
    std::string config;  // the board config line that would use it
};

// Scans `sys` (normally /sys); device nodes are named under /dev.
std::vector<FoundDevice> scanDevices(const std::filesystem::path& sys = "/sys");

// yici-devsim's virtual devices when it runs with its files in `dir` (tools/run-sim: /tmp/yici-devsim): the
// reader's pty link and the camera's scene link, each named as the simulator's.
std::vector<FoundDevice> scanSimulator(const std::filesystem::path& dir);

}  // namespace yici::ctl
