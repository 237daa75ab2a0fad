// The per-board systemd drop-in of yicid.service: DeviceAllow= and IPAddressAllow= from the board config.
#include "ctl/unit_dropin.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <vector>

namespace yici::ctl {
namespace {

namespace fs = std::filesystem;

struct Rule {
    std::string value;  // "char-ttyUSB rw", "/dev/ttyS3 rw", "10.20.0.0/24"
    std::string why;    // "[id_reader] device = /dev/ttyUSB0"
};

// The systemd device kind (a name of /proc/devices) of a USB device's node, by the node's name; empty for a
// node that is not hot-plugged.
std::string usbKind(const std::string& node) {
    static const std::vector<std::pair<std::regex, std::string>> kinds{
        {std::regex("/dev/ttyUSB[0-9]+"), "char-ttyUSB"},
        {std::regex("/dev/ttyACM[0-9]+"), "char-ttyACM"},
        {std::regex("/dev/video[0-9]+"), "char-video4linux"},
        {std::regex("/dev/usb/lp[0-9]+"), "char-usb"},
    };
    for (const auto& [pattern, kind] : kinds)
        if (std::regex_match(node, pattern)) return kind;
    return {};
}

void addDevice(std::vector<Rule>& rules, const std::string& path, const std::string& why,
               std::string& warnings) {
    if (!path.starts_with("/dev/"))
        return;  // a file, a folder or a glob (the camera), the simulator's pty link
    std::error_code ec;
    const fs::path resolved = fs::canonical(path, ec);  // /dev/serial/by-id/... is a link to the node
    const std::string node = ec ? path : resolved.string();
    if (const std::string kind = usbKind(node); !kind.empty()) {
        rules.push_back({kind + " rw", why});
    } else if (path.starts_with("/dev/serial/") || path.starts_with("/dev/v4l/")) {
        // A udev link to a USB device that is not plugged in now: its node's kind is not known yet.
        const bool serial = path.starts_with("/dev/serial/");
        for (const char* guess :
             serial ? std::vector{"char-ttyUSB", "char-ttyACM"} : std::vector{"char-video4linux"})
            rules.push_back({std::string(guess) + " rw", why});
        warnings += fmt::format("{} is not plugged in: allowing every {} device\n", path,
                                serial ? "USB serial" : "camera");
    } else {
        rules.push_back({path + " rw", why});
    }
}

// A numeric host's address for IPAddressAllow=, or a warning for a name (its address can change).
void addHost(std::vector<Rule>& rules, std::string host, const std::string& why, std::string& warnings) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    if (ec) {
        warnings += fmt::format(
            "{}: '{}' is a name: [hall] subnets must hold its address and the DNS "
            "server's, or yicid cannot reach it\n",
            why, host);
        return;
    }
    if (!address.is_loopback()) rules.push_back({address.to_string(), why});
}

}  // namespace

std::string boardDropIn(const config::BoardConfig& board, std::string& warnings) {
    std::vector<Rule> devices;
    if (board.id_reader.driver != "none")
        addDevice(devices, board.id_reader.device, "[id_reader] device = " + board.id_reader.device,
                  warnings);
    std::vector<Rule> addresses;
    if (board.printer.driver != "none") {
        const std::string& uri = board.printer.uri;
        const std::string why = "[printer] uri = " + uri;
        if (uri.starts_with("usb://")) {
            devices.push_back({"char-usb_device rw", why});  // libusb opens /dev/bus/usb/BBB/DDD
        } else if (uri.starts_with("file://")) {
            addDevice(devices, uri.substr(std::string_view("file://").size()), why, warnings);
        } else if (auto parsed = boost::urls::parse_uri(uri); parsed && parsed->scheme() == "tcp") {
            addHost(addresses, std::string(parsed->encoded_host()), why, warnings);
        }
    }
    if (board.camera.driver != "none")
        addDevice(devices, board.camera.source, "[camera] source = " + board.camera.source, warnings);
    for (const std::string& subnet : board.hall.subnets) addresses.push_back({subnet, "[hall] subnets"});
    if (auto parsed = boost::urls::parse_uri(board.hall.url); !board.hall.url.empty() && parsed)
        addHost(addresses, std::string(parsed->encoded_host()), "[hall] url = " + board.hall.url, warnings);

    std::string text = fmt::format(
        "# Written by yicictl provision from {}: the devices and addresses of this board, the only ones\n"
        "# yicid.service lets yicid use besides loopback and /dev/null, /dev/urandom and the like. Made "
        "again by\n"
        "# each provision; then: systemctl daemon-reload && systemctl restart yicid.\n"
        "[Service]\n",
        board.file.string());
    std::vector<std::string> seen;
    for (const auto& [key, rules] :
         {std::pair{"DeviceAllow", &devices}, std::pair{"IPAddressAllow", &addresses}}) {
        for (const Rule& rule : *rules) {
            if (std::find(seen.begin(), seen.end(), rule.value) != seen.end()) continue;
            seen.push_back(rule.value);
            text += fmt::format("# {}\n{}={}\n", rule.why, key, rule.value);
        }
    }
    return text;
}

}  // namespace yici::ctl
