// yicid.service's per-board drop-in: exactly the board's devices and the hall's addresses, nothing for what
// lives outside /dev, and a warning for what it cannot pin down.
#include <doctest/doctest.h>

#include "ctl/unit_dropin.hpp"

using yici::config::BoardConfig;

namespace {

BoardConfig board() {
    BoardConfig c;
    c.file = "/etc/yici/board.toml";
    c.id_reader.driver = "sam-serial";
    c.id_reader.device = "/dev/ttyUSB0";
    c.printer.driver = "escpos";
    c.printer.uri = "usb://0dd4:0195";
    c.camera.driver = "opencv";
    c.camera.source = "/dev/video0";
    c.hall.url = "https://10.20.0.2:8443";
    c.hall.subnets = {"192.168.10.0/24"};
    return c;
}

std::string lines(const std::string& text, const std::string& prefix) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        const std::string line = text.substr(at, end - at);
        if (line.starts_with(prefix)) out += line + "\n";
        at = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("the drop-in allows the board's USB devices by kind and the hall's addresses") {
    std::string warnings;
    const std::string text = yici::ctl::boardDropIn(board(), warnings);
    CHECK(text.find("[Service]\n") != std::string::npos);
    CHECK(lines(text, "DeviceAllow=") ==
          "DeviceAllow=char-ttyUSB rw\nDeviceAllow=char-usb_device rw\nDeviceAllow=char-video4linux rw\n");
    CHECK(lines(text, "IPAddressAllow=") == "IPAddressAllow=192.168.10.0/24\nIPAddressAllow=10.20.0.2\n");
    CHECK(text.find("# [printer] uri = usb://0dd4:0195\n") != std::string::npos);  // says why each is there
    CHECK(warnings.empty());
}

TEST_CASE(
    "a built-in port is allowed by its path, a file printer by its node, a network printer by address") {
    BoardConfig c = board();
    c.id_reader.device = "/dev/ttyS3";
    c.printer.uri = "file:///dev/usb/lp0";
    c.camera.driver = "none";
    std::string warnings;
    std::string text = yici::ctl::boardDropIn(c, warnings);
    CHECK(lines(text, "DeviceAllow=") == "DeviceAllow=/dev/ttyS3 rw\nDeviceAllow=char-usb rw\n");

    c.printer.uri = "tcp://192.168.10.21:9100";
    text = yici::ctl::boardDropIn(c, warnings);
    CHECK(lines(text, "DeviceAllow=") == "DeviceAllow=/dev/ttyS3 rw\n");
    CHECK(lines(text, "IPAddressAllow=") ==
          "IPAddressAllow=192.168.10.21\nIPAddressAllow=192.168.10.0/24\nIPAddressAllow=10.20.0.2\n");
    CHECK(warnings.empty());
}

TEST_CASE("the simulator's sources need no device, and a host name or an absent link is a warning") {
    BoardConfig c = board();
    c.id_reader.device = "/tmp/yici-devsim/idreader";
    c.printer.uri = "tcp://127.0.0.1:9100";
    c.camera.source = "/tmp/yici-devsim/camera/current/*.png";
    c.hall.subnets.clear();
    c.hall.url = "";
    std::string warnings;
    std::string text = yici::ctl::boardDropIn(c, warnings);
    CHECK(lines(text, "DeviceAllow=").empty());
    CHECK(lines(text, "IPAddressAllow=").empty());  // loopback is in the unit already
    CHECK(warnings.empty());

    c.id_reader.device = "/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0-absent";
    c.hall.url = "https://hall.yongjia.example.gov.cn";
    text = yici::ctl::boardDropIn(c, warnings);
    CHECK(lines(text, "DeviceAllow=") == "DeviceAllow=char-ttyUSB rw\nDeviceAllow=char-ttyACM rw\n");
    CHECK(warnings.find("is not plugged in") != std::string::npos);
    CHECK(warnings.find("'hall.yongjia.example.gov.cn' is a name: [hall] subnets must hold its address") !=
          std::string::npos);
}
