// A reader board-configured by its bridge's USB id ([id_reader] device = "usb:1a86:7523"): yicid finds the
// tty in sysfs, here umockdev's emulated one, and opens it; without the bridge, /health names the id it
// misses.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <thread>

#include "harness.hpp"

namespace {

// A CH340 bridge (1a86:7523) whose serial port the kernel called ttyUSB3, as umockdev describes devices.
constexpr const char* ch340_on_ttyusb3 = R"(P: /devices/pci0000:00/0000:00:14.0/usb1/1-2
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
A: idVendor=1a86
A: idProduct=7523

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0
E: DEVTYPE=usb_interface
E: SUBSYSTEM=usb

P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/ttyUSB3/tty/ttyUSB3
N: ttyUSB3
E: DEVNAME=/dev/ttyUSB3
E: SUBSYSTEM=tty
E: MAJOR=188
E: MINOR=3
A: dev=188:3
L: device=../../../ttyUSB3
)";

// Another USB-serial device only (an FTDI cable), no reader bridge.
constexpr const char* ftdi_only = R"(P: /devices/pci0000:00/0000:00:14.0/usb1/1-4
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
A: idVendor=0403
A: idProduct=6001

P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/ttyUSB0/tty/ttyUSB0
N: ttyUSB0
E: DEVNAME=/dev/ttyUSB0
E: SUBSYSTEM=tty
E: MAJOR=188
E: MINOR=0
A: dev=188:0
L: device=../../../ttyUSB0
)";

// Starts yicid under umockdev-run on `devices`, its reader named by the CH340's USB id.
void startOn(itest::Bench& bench, const char* devices) {
    const auto file = bench.dir / "devices.umockdev";
    std::ofstream(file) << devices;
    std::string board = itest::readAll(bench.board);
    board = std::regex_replace(board, std::regex("device = \"[^\"]*\""), "device = \"usb:1a86:7523\"");
    std::ofstream(bench.board) << board;
    bench.yicid_wrapper = {"/usr/bin/umockdev-run", "-d", file.string(), "--"};
    bench.yicid_env = {"ASAN_OPTIONS=verify_asan_link_order=0"};  // umockdev's preload comes before ASan's
    bench.startDevsim();
    bench.startYicid();
}

// Waits up to 5 s for `pattern` in `text()`; the first match's group 1, or "" when it never came.
template <class Text>
std::string await(Text text, const std::regex& pattern) {
    std::smatch found;
    for (int i = 0; i < 250; ++i) {
        const std::string now = text();
        if (std::regex_search(now, found, pattern)) return found[1];
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return "";
}

}  // namespace

TEST_CASE("a reader named by its bridge's USB id is opened on the tty sysfs gives it") {
    itest::Bench bench;
    startOn(bench, ch340_on_ttyusb3);
    const auto log = [&bench] { return itest::readAll(bench.dir / "yicid.log"); };
    CHECK(await(log, std::regex(R"(ID-card reader open on (/dev/ttyUSB3) \(usb:1a86:7523\))")) ==
          "/dev/ttyUSB3");
}

TEST_CASE("without its bridge plugged in, the reader's USB id is named on /health") {
    itest::Bench bench;
    startOn(bench, ftdi_only);
    const auto health = [&bench] { return bench.health().body; };
    CHECK(
        await(
            health,
            std::regex(
                R"re("id_reader":\{"health":"absent","code":"id_reader_unreachable","detail":"([^"]*)")re")) ==
        "usb:1a86:7523: no such USB serial bridge is plugged in");
}
