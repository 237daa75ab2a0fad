// A reader's USB-serial bridge named by its USB id: found in sysfs under whatever ttyUSBn the kernel gave it,
// and found again when an unplug and replug moved it.
#include <doctest/doctest.h>

#include "fakes/fake_sysfs.hpp"
#include "testing.hpp"
#include "yici/hal/usb_tty.hpp"

using namespace yici;
namespace fs = std::filesystem;

TEST_CASE("usb:VID:PID takes two 4-digit hex ids, in either case; anything else is a path") {
    const auto id = hal::parseUsbTtyId("usb:1A86:7523");
    REQUIRE(id.has_value());
    CHECK(id->vendor_id == 0x1a86);
    CHECK(id->product_id == 0x7523);
    for (const char* other :
         {"/dev/ttyUSB0", "usb:1a86", "usb:1a86:75230", "usb:1a8g:7523", "usb::7523", "USB:1a86:7523"})
        CHECK_MESSAGE(!hal::parseUsbTtyId(other).has_value(), other);
}

TEST_CASE("the bridge is found by its USB id under its current tty, and again after it moved") {
    testing::TempDir dir;
    const fs::path sys = dir.path();
    const hal::UsbTtyId ch340{0x1a86, 0x7523};
    CHECK(hal::findUsbTty(ch340, sys).empty());  // nothing plugged in

    const fs::path modem = testing::usbDevice(sys, "1-4", "1234", "5678", "Acme", "Modem");
    testing::classNode(sys, "tty", modem / "1-4:1.0", "ttyUSB0");
    fs::create_directories(sys / "class/tty/ttyS0");  // the board's UART, no USB parent
    const fs::path bridge = testing::usbDevice(sys, "1-1", "1a86", "7523", "", "USB Serial");
    testing::classNode(sys, "tty", bridge / "1-1:1.0", "ttyUSB1");
    CHECK(hal::findUsbTty(ch340, sys) == "/dev/ttyUSB1");
    CHECK(hal::usbId(hal::usbParent(sys / "class/tty/ttyUSB1/device")) == "1a86:7523");

    // Unplugged, then back on another port under another name.
    fs::remove(sys / "class/tty/ttyUSB1");
    fs::remove_all(bridge);
    CHECK(hal::findUsbTty(ch340, sys).empty());
    const fs::path again = testing::usbDevice(sys, "1-2", "1a86", "7523", "", "USB Serial");
    testing::classNode(sys, "tty", again / "1-2:1.0", "ttyUSB2");
    CHECK(hal::findUsbTty(ch340, sys) == "/dev/ttyUSB2");
}
