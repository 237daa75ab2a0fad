// A reader board-configured by its bridge's USB id ([id_reader] device = "usb:1a86:7523"): yicid finds the
// tty in sysfs, here umockdev's emulated one, and opens it; without the bridge, /health names the id it
// misses; unplugged and plugged back under another /dev/ttyUSBn while yicid runs, it is found there.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "citizen_flow.hpp"
#include "harness.hpp"
#include "umockdev_bed.hpp"

namespace {

// A USB-serial bridge VID:PID in USB port `port` whose serial port the kernel called ttyUSB`n`, as umockdev
// describes devices; without `node`, no device node (the test links one itself).
std::string usbSerial(std::string_view vid, std::string_view pid, std::string_view port, int n,
                      bool node = true) {
    return fmt::format(R"(P: /devices/pci0000:00/0000:00:14.0/usb1/{port}
E: DEVTYPE=usb_device
E: SUBSYSTEM=usb
A: idVendor={vid}
A: idProduct={pid}

P: /devices/pci0000:00/0000:00:14.0/usb1/{port}/{port}:1.0
E: DEVTYPE=usb_interface
E: SUBSYSTEM=usb

P: /devices/pci0000:00/0000:00:14.0/usb1/{port}/{port}:1.0/ttyUSB{n}/tty/ttyUSB{n}
{node}E: DEVNAME=/dev/ttyUSB{n}
E: SUBSYSTEM=tty
E: MAJOR=188
E: MINOR={n}
A: dev=188:{n}
L: device=../../../ttyUSB{n}
)",
                       fmt::arg("vid", vid), fmt::arg("pid", pid), fmt::arg("port", port), fmt::arg("n", n),
                       fmt::arg("node", node ? fmt::format("N: ttyUSB{}\n", n) : ""));
}

// The reader's CH340 bridge (1a86:7523), and another USB-serial device only (an FTDI cable).
const std::string ch340_on_ttyusb3 = usbSerial("1a86", "7523", "1-2", 3);
const std::string ftdi_only = usbSerial("0403", "6001", "1-4", 0);

void nameReaderByUsbId(itest::Bench& bench) {
    std::string board = itest::readAll(bench.board);
    board = std::regex_replace(board, std::regex("device = \"[^\"]*\""), "device = \"usb:1a86:7523\"");
    std::ofstream(bench.board) << board;
}

// Starts yicid under umockdev-run on `devices`, its reader named by the CH340's USB id.
void startOn(itest::Bench& bench, const std::string& devices) {
    const auto file = bench.dir / "devices.umockdev";
    std::ofstream(file) << devices;
    nameReaderByUsbId(bench);
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

TEST_CASE("a reader bridge unplugged and plugged back as another ttyUSB is found there while yicid runs") {
    // sysfs and /dev are umockdev's, changed from here while yicid runs; the ttys are yici-devsim's reader
    // pty, which `reader unplug` closes (yicid's reads fail, as at a real unplug) and `reader plug` makes
    // anew.
    itest::Bench bench;
    itest::UmockdevBed bed;
    nameReaderByUsbId(bench);
    bench.startDevsim();
    bed.add(usbSerial("1a86", "7523", "1-2", 3, false));
    bed.linkNode("ttyUSB3", bench.reader_link);
    bench.yicid_env = bed.env();
    bench.startYicid();
    const auto log = [&bench] { return itest::readAll(bench.dir / "yicid.log"); };
    const auto health = [&bench] { return bench.health().body; };
    const auto session = [&bench] { return boost::json::serialize(itest::session(bench)); };
    const std::regex active(R"re("(active)":true)re");
    REQUIRE(await(log, std::regex(R"(ID-card reader open on (/dev/ttyUSB3) \(usb:1a86:7523\))")) ==
            "/dev/ttyUSB3");
    REQUIRE(bench.ctl("card tap resident") == 0);
    CHECK(await(session, active) == "active");
    REQUIRE(bench.ctl("card remove") == 0);

    REQUIRE(bench.ctl("reader unplug") == 0);
    bed.remove("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2");
    bed.linkNode("ttyUSB3", "");
    CHECK(
        await(health,
              std::regex(
                  R"re("id_reader":\{"health":"absent","code":"id_reader_unreachable","detail":"([^"]*)")re"))
            .find("usb:1a86:7523") != std::string::npos);

    REQUIRE(bench.ctl("reader plug") == 0);
    bed.add(usbSerial("1a86", "7523", "1-5", 7, false));  // another port
    bed.linkNode("ttyUSB7", bench.reader_link);
    // The bridge is looked for again at each attempt, at most 5 s apart.
    std::string moved;
    for (int i = 0; i < 3 && moved.empty(); ++i) {
        moved = await(log, std::regex(R"(ID-card reader open on (/dev/ttyUSB7) \(usb:1a86:7523\))"));
    }
    CHECK(moved == "/dev/ttyUSB7");
    CHECK(await(health, std::regex(R"re("id_reader":\{"health":"(ok)")re")) == "ok");
    REQUIRE(bench.ctl("card tap elderly") == 0);
    CHECK(await(session, active) == "active");
}
