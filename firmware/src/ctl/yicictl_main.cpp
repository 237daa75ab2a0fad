// yicictl, the technician's tool: `config check FILE`, `status` and `selftest [URL] [--token-file FILE]`,
// `devices`, `provision TEMPLATE`, `bundle create|verify`, `install BUNDLE|URL`.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "api/status_api.hpp"
#include "catalog/hall_catalog.hpp"
#include "config/board_config.hpp"
#include "ctl/bundle.hpp"
#include "ctl/device_scan.hpp"
#include "ctl/provision.hpp"
#include "register_all.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

int usage() {
    std::fputs(R"(usage: yicictl config check FILE   check a board config and its hall catalog
       yicictl status [URL] [--token-file FILE] [--json]
                    a kiosk's /health (default http://127.0.0.1:9180) as a table, or as it came; the bearer
                    token from FILE (--token FILE says the same); exit 1 when down
       yicictl selftest [URL] [--token-file FILE]
                    make the kiosk test itself (prints a test ticket, polls the reader, grabs a camera frame,
                    checks the hall link and the clock); a line per check; exit 1 when any fails
       yicictl devices [--sys DIR]
                    list USB-serial bridges of ID-card readers, USB printers and cameras, with the board
                    config line for each
       yicictl provision TEMPLATE --kiosk-id ID [--hall-url URL] [--offline-prefix P] [--ca FILE]
                         [--cert FILE --key FILE] [--pin DIGITS] [--etc DIR] [--data-dir DIR]
                    write this kiosk's board config (default /etc/yici/board.toml), TLS files and status
                    token from a board template, with yici-only access
       yicictl bundle create --compatible C --version X.Y.Z --rootfs IMAGE.ext4 --cert FILE --key FILE
                             --out FILE [--format verity|plain] [--keyring CA.pem]
                    a signed RAUC update bundle (tools/make-bundle builds the image and calls this)
       yicictl bundle verify BUNDLE [--keyring CA.pem] [--rauc-conf FILE] [--board FILE] [--allow-downgrade]
                    check its signature; with a board config also its board and version, as install does
       yicictl install BUNDLE|URL [--board FILE] [--rauc-conf FILE] [--allow-downgrade]
                    check a signed update bundle against this board (default /etc/yici/board.toml) and the
                    installed version, then install it into the other slot
)",
               stderr);
    return 2;
}

int configCheck(const char* file) {
    auto board = yici::config::loadBoardConfig(file, yici::drivers::allDrivers());
    if (!board) {
        std::fprintf(stderr, "%s\n", board.error().message.c_str());
        return 1;
    }
    auto hall = yici::catalog::loadHallCatalog(board->kiosk.hall_catalog);
    if (!hall) {
        std::fprintf(stderr, "%s\n", hall.error().message.c_str());
        return 1;
    }
    std::printf("%s: ok (kiosk %s, printer %s, hall %s: %zu categories, %zu services)\n", file,
                board->kiosk.id.c_str(), board->printer.driver.c_str(),
                board->kiosk.hall_catalog.string().c_str(), hall->categories.size(), hall->services.size());
    return 0;
}

// One request to a kiosk's status listener, with the bearer token from `token_file` when given. Says what
// went wrong on stderr and returns nothing when there is no usable answer.
std::optional<bhttp::response<bhttp::string_body>> ask(bhttp::verb verb, std::string_view base,
                                                       const char* target, const char* token_file,
                                                       std::chrono::seconds timeout) {
    std::string token;
    if (token_file != nullptr) {
        auto read = yici::api::readStatusToken(token_file);
        if (!read) {
            std::fprintf(stderr, "yicictl: %s\n", read.error().message.c_str());
            return std::nullopt;
        }
        token = std::move(*read);
    }
    auto url = boost::urls::parse_uri(base);
    if (!url || url->scheme() != "http" || url->encoded_host().empty()) {
        std::fprintf(stderr, "yicictl: '%.*s' is not an http:// URL\n", static_cast<int>(base.size()),
                     base.data());
        return std::nullopt;
    }
    asio::io_context io;
    beast::tcp_stream stream(io);
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(std::string(url->encoded_host()),
                                            url->has_port() ? std::string(url->port()) : "80", ec);
    stream.expires_after(timeout);
    if (!ec) stream.connect(endpoints, ec);
    bhttp::request<bhttp::empty_body> request(verb, target, 11);
    request.set(bhttp::field::host, std::string(url->encoded_host()));
    if (!token.empty()) request.set(bhttp::field::authorization, "Bearer " + token);
    if (!ec) bhttp::write(stream, request, ec);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    if (!ec) bhttp::read(stream, buffer, response, ec);
    if (ec) {
        std::fprintf(stderr, "yicictl: %.*s: %s\n", static_cast<int>(base.size()), base.data(),
                     ec.message().c_str());
        return std::nullopt;
    }
    if (response.result() == bhttp::status::unauthorized) {
        std::fprintf(stderr, "yicictl: %.*s wants the status token: --token-file FILE\n",
                     static_cast<int>(base.size()), base.data());
        return std::nullopt;
    }
    return response;
}

std::optional<boost::json::object> jsonObject(const std::string& body) {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

// /health as a technician reads it: the verdict, then a line per device, then what waits for the hall.
void printHealth(const boost::json::object& health) {
    const auto text = [](const boost::json::object& o, const char* key) {
        const auto* v = o.if_contains(key);
        if (v == nullptr) return std::string();
        if (v->is_string()) return std::string(v->as_string());
        return v->is_null() ? std::string() : boost::json::serialize(*v);
    };
    const auto up = std::atoll(text(health, "uptime_s").c_str());
    std::printf("kiosk %s  version %s  up %lldh%02lldm  status %s\n", text(health, "kiosk_id").c_str(),
                text(health, "version").c_str(), up / 3600, up / 60 % 60, text(health, "status").c_str());
    std::printf("%-13s %-9s %-28s %s\n", "DEVICE", "HEALTH", "CODE", "DETAIL");
    if (const auto* devices = health.if_contains("devices"); devices != nullptr && devices->is_object()) {
        for (const auto& [name, device] : devices->as_object()) {
            if (!device.is_object()) continue;
            const auto& d = device.as_object();
            std::printf("%-13.*s %-9s %-28s %s\n", static_cast<int>(name.size()), name.data(),
                        text(d, "health").c_str(), text(d, "code").c_str(), text(d, "detail").c_str());
        }
    }
    if (const auto* outbox = health.if_contains("outbox"); outbox != nullptr && outbox->is_object()) {
        std::printf("hall outbox: %s event(s) waiting, the oldest %s s\n",
                    text(outbox->as_object(), "pending").c_str(),
                    text(outbox->as_object(), "oldest_age_s").c_str());
    }
}

int status(std::string_view base, const char* token_file, bool raw) {
    const auto response = ask(bhttp::verb::get, base, "/health", token_file, std::chrono::seconds(5));
    if (!response) return 1;
    const auto health = jsonObject(response->body());
    if (raw || !health) {
        std::printf("%s\n", response->body().c_str());
    } else {
        printHealth(*health);
    }
    // Exit status for scripts: 0 when the kiosk can issue tickets (ok or degraded), 1 when it is down.
    const auto* status = health ? health->if_contains("status") : nullptr;
    return response->result() == bhttp::status::ok && status != nullptr && *status != "down" ? 0 : 1;
}

// Asks the kiosk to test itself (a test ticket is printed) and prints one line per check.
int selftest(std::string_view base, const char* token_file) {
    const auto response = ask(bhttp::verb::post, base, "/selftest", token_file, std::chrono::seconds(60));
    if (!response) return 1;
    const auto report = jsonObject(response->body());
    const auto* checks = report ? report->if_contains("checks") : nullptr;
    if (response->result() != bhttp::status::ok || checks == nullptr || !checks->is_array()) {
        std::fprintf(stderr, "yicictl: the kiosk answered %u: %s\n", response->result_int(),
                     response->body().c_str());
        return 1;
    }
    bool passed = true;
    std::printf("%-12s %-6s %s\n", "CHECK", "RESULT", "DETAIL");
    for (const auto& item : checks->as_array()) {
        const auto* check = item.if_object();
        if (check == nullptr) continue;
        const auto text = [&](const char* key) {
            const auto* v = check->if_contains(key);
            return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        const auto* ok = check->if_contains("passed");
        const bool pass = ok != nullptr && ok->is_bool() && ok->as_bool();
        passed = passed && pass;
        std::printf("%-12s %-6s %s\n", text("name").c_str(), pass ? "pass" : "FAIL", text("detail").c_str());
    }
    return passed ? 0 : 1;
}

// Lists the devices a kiosk could use, with the board config line for each.
int devices(const char* sys) {
    const auto found = yici::ctl::scanDevices(sys);
    if (found.empty()) {
        std::printf("no ID-card reader bridge, USB printer, camera or USB serial port found\n");
        return 0;
    }
    std::printf("%-10s %-17s %-10s %s\n", "KIND", "DEVICE", "USB", "WHAT");
    for (const auto& d : found) {
        std::printf("%-10s %-17s %-10s %s\n", d.kind.c_str(), d.path.c_str(), d.usb_id.c_str(),
                    d.what.c_str());
        if (!d.config.empty()) std::printf("%-10s   %s\n", "", d.config.c_str());
    }
    return 0;
}

int provision(int argc, char** argv) {
    yici::ctl::ProvisionRequest request;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (!arg.starts_with("-") && request.board_template.empty()) {
            request.board_template = argv[i];
        } else if (!has_value) {
            return usage();
        } else if (arg == "--kiosk-id") {
            request.kiosk_id = argv[++i];
        } else if (arg == "--hall-url") {
            request.hall_url = argv[++i];
        } else if (arg == "--offline-prefix") {
            request.offline_prefix = argv[++i];
        } else if (arg == "--ca") {
            request.ca_file = argv[++i];
        } else if (arg == "--cert") {
            request.cert_file = argv[++i];
        } else if (arg == "--key") {
            request.key_file = argv[++i];
        } else if (arg == "--pin") {
            request.technician_pin = argv[++i];
        } else if (arg == "--etc") {
            request.etc_dir = argv[++i];
        } else if (arg == "--data-dir") {
            request.data_dir = argv[++i];
        } else {
            return usage();
        }
    }
    if (request.board_template.empty()) return usage();
    std::string warnings;
    const auto done = yici::ctl::provision(request, warnings);
    if (!warnings.empty()) std::fprintf(stderr, "yicictl: %s", warnings.c_str());
    if (!done) {
        std::fprintf(stderr, "yicictl: not provisioned: %s\n", done.error().message.c_str());
        return 1;
    }
    std::printf("%s: kiosk %s\n", done->board.c_str(), request.kiosk_id.c_str());
    std::printf("%s: %s; give it to the hall server's operator (it is the bearer token of /health)\n",
                done->token.c_str(),
                done->new_token ? "a new status token" : "the existing status token, kept");
    std::printf("%s: ready for yicid (mode 0700)\n", request.data_dir.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "config" && argc == 4 && std::string_view(argv[2]) == "check") return configCheck(argv[3]);
    if (command == "status" || command == "selftest") {
        std::string_view url = "http://127.0.0.1:9180";
        const char* token_file = nullptr;
        bool raw = false;
        for (int i = 2; i < argc; ++i) {
            const std::string_view arg = argv[i];
            if (arg == "--json" && command == "status") {
                raw = true;
            } else if ((arg == "--token" || arg == "--token-file") && i + 1 < argc) {
                token_file = argv[++i];
            } else if (!arg.starts_with("-") && url == "http://127.0.0.1:9180") {
                url = arg;
            } else {
                return usage();
            }
        }
        return command == "status" ? status(url, token_file, raw) : selftest(url, token_file);
    }
    if (command == "devices" && argc == 2) return devices("/sys");
    if (command == "devices" && argc == 4 && std::string_view(argv[2]) == "--sys") return devices(argv[3]);
    if (command == "provision") return provision(argc, argv);
    if (command == "install" || (command == "bundle" && argc > 2 && std::string_view(argv[2]) == "verify")) {
        const bool install = command == "install";
        yici::ctl::BundleCheck check;
        if (install) check.board = "/etc/yici/board.toml";
        const char* bundle = nullptr;
        for (int i = install ? 2 : 3; i < argc; ++i) {
            const std::string_view arg = argv[i];
            const bool has_value = i + 1 < argc;
            if (arg == "--board" && has_value) {
                check.board = argv[++i];
            } else if (arg == "--rauc-conf" && has_value) {
                check.rauc_conf = argv[++i];
            } else if (arg == "--keyring" && has_value && !install) {
                check.keyring = argv[++i];
            } else if (arg == "--allow-downgrade") {
                check.allow_downgrade = true;
            } else if (!arg.starts_with("-") && bundle == nullptr) {
                bundle = argv[i];
            } else {
                return usage();
            }
        }
        if (bundle == nullptr) return usage();
        return install ? yici::ctl::installBundle(bundle, check) : yici::ctl::verifyBundle(bundle, check);
    }
    if (command == "bundle" && argc > 2 && std::string_view(argv[2]) == "create") {
        yici::ctl::BundleSpec spec;
        for (int i = 3; i + 1 < argc; i += 2) {
            const std::string_view arg = argv[i];
            const char* value = argv[i + 1];
            if (arg == "--compatible")
                spec.compatible = value;
            else if (arg == "--version")
                spec.version = value;
            else if (arg == "--rootfs")
                spec.rootfs = value;
            else if (arg == "--cert")
                spec.cert = value;
            else if (arg == "--key")
                spec.key = value;
            else if (arg == "--keyring")
                spec.keyring = value;
            else if (arg == "--format")
                spec.format = value;
            else if (arg == "--out")
                spec.out = value;
            else
                return usage();
        }
        if (argc % 2 == 0) return usage();  // an option without its value
        return yici::ctl::createBundle(spec);
    }
    return usage();
}
