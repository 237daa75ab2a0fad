// yicictl devices on a made-up sysfs: a reader's USB-serial bridge, a USB printer, a UVC camera, and what is
// not the kiosk's. The udev rules give the yici group exactly the bridges the scanner knows.
#include <doctest/doctest.h>

#include <iterator>

#include "ctl/device_scan.hpp"
#include "fakes/fake_sysfs.hpp"
#include "testing.hpp"

using namespace yici;
namespace fs = std::filesystem;

using testing::classNode;
using testing::usbDevice;
using testing::write;

TEST_CASE("yicictl devices finds a reader's bridge, a USB printer and a camera, each with its config line") {
    testing::TempDir dir;
    const fs::path sys = dir.path();
    const fs::path bridge = usbDevice(sys, "1-1", "1a86", "7523", "", "USB Serial");
    classNode(sys, "tty", bridge / "1-1:1.0", "ttyUSB0");
    const fs::path modem = usbDevice(sys, "1-4", "1234", "5678", "Acme", "Modem");
    classNode(sys, "tty", modem / "1-4:1.0", "ttyACM0");
    fs::create_directories(sys / "class/tty/ttyS0");  // the board's UART: not listed
    const fs::path printer = usbDevice(sys, "1-2", "0dd4", "0195", "CUSTOM", "VKP80III");
    write(printer / "1-2:1.0/bInterfaceClass", "07");
    fs::create_directories(sys / "bus/usb/devices");
    fs::create_directory_symlink(printer / "1-2:1.0", sys / "bus/usb/devices/1-2:1.0");
    const fs::path camera = usbDevice(sys, "1-3", "046d", "0825", "", "C270 HD WEBCAM");
    classNode(sys, "video4linux", camera / "1-3:1.0", "video0");
    write(camera / "1-3:1.0/video4linux/video0/name", "C270 HD WEBCAM");
    write(camera / "1-3:1.0/video4linux/video0/index", "0");
    classNode(sys, "video4linux", camera / "1-3:1.0", "video1");
    write(camera / "1-3:1.0/video4linux/video1/index", "1");  // UVC metadata node

    const auto found = ctl::scanDevices(sys);
    REQUIRE(found.size() == 4);
    CHECK(found[0].kind == "id_reader");
    CHECK(found[0].path == "/dev/ttyUSB0");
    CHECK(found[0].usb_id == "1a86:7523");
    CHECK(found[0].what == "CH340 USB-serial bridge");
    CHECK(found[0].config ==
          R"([id_reader] driver = "sam-serial", device = "usb:1a86:7523")");  // found after a replug
    CHECK(found[1].kind == "printer");
    CHECK(found[1].path == "usb://0dd4:0195");
    CHECK(found[1].what == "CUSTOM VKP80III");
    CHECK(found[1].config == R"([printer] uri = "usb://0dd4:0195")");
    CHECK(found[2].kind == "camera");
    CHECK(found[2].path == "/dev/video0");
    CHECK(found[2].what == "C270 HD WEBCAM");
    CHECK(found[3].kind == "serial");
    CHECK(found[3].path == "/dev/ttyACM0");
    CHECK(found[3].what == "Acme Modem");
    CHECK(found[3].config.empty());
}

TEST_CASE("an empty sysfs finds nothing and does not fail") {
    testing::TempDir dir;
    CHECK(ctl::scanDevices(dir.path()).empty());
    CHECK(ctl::scanDevices(dir.path() / "missing").empty());
}

TEST_CASE("every reader bridge the scanner knows gets the yici group from the udev rules") {
    std::ifstream in(testing::sourceDir() / "firmware/systemd/70-yici.rules");
    const std::string rules((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(rules.empty());
    for (const auto& b : ctl::reader_bridges) {
        const std::string rule = std::string(R"(ATTRS{idVendor}==")") + std::string(b.vid) +
                                 R"(", ATTRS{idProduct}==")" + std::string(b.pid) + R"(", GROUP="yici")";
        CHECK_MESSAGE(rules.find(rule) != std::string::npos, b.what);
    }
}
