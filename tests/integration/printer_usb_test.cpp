// yicid's USB printer transport (libusb) on an emulated bus: umockdev's sysfs and usbfs, the printer's side
// answered URB by URB by tests/integration/usb_printer_double.cpp. As on a kiosk: usblp is detached and the
// interface claimed, a ticket prints and its status is read back; a printer another program holds is named;
// one unplugged in the middle of a ticket voids it (printer_disconnected) and is back without a restart.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "harness.hpp"
#include "printed_ticket.hpp"
#include "umockdev_bed.hpp"
#include "usb_printer_double.hpp"

using namespace yici;

namespace {

// A bench whose printer is the emulated Custom VKP80III (usb://0dd4:0195), plugged in before yicid starts.
struct UsbBench {
    itest::Bench bench;
    itest::UmockdevBed bed;
    itest::UsbPrinterDouble printer;

    UsbBench() {
        plug(first);
        std::string board = itest::readAll(bench.board);
        board = std::regex_replace(board, std::regex(R"(uri = "tcp://[^"]*")"), R"(uri = "usb://0dd4:0195")");
        std::ofstream(bench.board) << board;
        bench.yicid_env = bed.env();
        bench.startDevsim();  // the reader and camera; its TCP printer stays unused
    }

    const itest::UsbPrinterDouble::Place first{"1-3", 5};

    void plug(const itest::UsbPrinterDouble::Place& place) {
        bed.add(place.sysfs());
        bed.attach(place.node(), printer.handler());
    }

    std::string printerHealth() {
        const auto health = itest::parseObject(bench.health().body);
        return std::string(health.at("devices").at("printer").at("health").as_string());
    }
    std::string printerDetail() {
        const auto health = itest::parseObject(bench.health().body);
        return std::string(health.at("devices").at("printer").at("detail").as_string());
    }
};

}  // namespace

TEST_CASE("a USB printer is taken from usblp, claimed, prints a ticket and reports its status") {
    UsbBench usb;
    usb.bench.startYicid();
    CHECK(usb.printerHealth() == "ok");
    CHECK_FALSE(usb.printer.kernelDriverBound());
    CHECK(usb.printer.claimed());
    const auto issued = usb.bench.postTicket("commercial", "usb-1");
    CHECK(issued.status == 201);
    CHECK(itest::waitUntil([&] { return usb.printer.cuts() == 1; }, std::chrono::seconds(5)));
    CHECK(usb.printerHealth() == "ok");
}

TEST_CASE("a USB printer another program holds is absent, saying so, and taken once it is free") {
    UsbBench usb;
    usb.printer.holdElsewhere(true);
    usb.bench.startYicid();
    CHECK(itest::waitUntil([&] { return usb.printerHealth() == "absent"; }, std::chrono::seconds(5)));
    CHECK(usb.printerDetail().find("in use by another program") != std::string::npos);
    usb.printer.holdElsewhere(false);
    CHECK(itest::waitUntil([&] { return usb.printerHealth() == "ok"; }, std::chrono::seconds(10)));
}

TEST_CASE(
    "a USB printer unplugged during a ticket voids it with printer_disconnected, and is back when plugged "
    "in") {
    UsbBench usb;
    usb.bench.startYicid();
    REQUIRE(usb.printerHealth() == "ok");
    usb.printer.unplugAfterBytes(2000);  // in the middle of the ticket's raster
    const auto refused = usb.bench.postTicket("commercial", "usb-unplugged");
    CHECK(refused.status == 503);
    CHECK(refused.body.find("printer_disconnected") != std::string::npos);
    usb.bed.remove(usb.first.syspath());
    CHECK(itest::waitUntil([&] { return usb.printerHealth() == "absent"; }, std::chrono::seconds(5)));
    const auto metrics = itest::httpRequest(usb.bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find(R"(reason="printer_disconnected")") != std::string::npos);

    usb.printer.plugBackIn();
    usb.plug({"1-4", 6});  // another port, and the kernel's next device number
    CHECK(itest::waitUntil([&] { return usb.printerHealth() == "ok"; }, std::chrono::seconds(10)));
    CHECK(usb.bench.postTicket("commercial", "usb-back").status == 201);
    CHECK(itest::waitUntil([&] { return usb.printer.cuts() == 1; }, std::chrono::seconds(5)));
}
