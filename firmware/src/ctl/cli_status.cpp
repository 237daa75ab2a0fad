// yicictl status, selftest, ticket reprint and printer new-roll: a kiosk's status listener (HTTP or HTTPS)
// asked for /health (as a table), to test itself, to reprint a ticket, or to count a new paper roll.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/pchars.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/status_token.hpp"
#include "ctl/cli.hpp"

namespace yici::ctl {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

struct KioskOptions {
    std::string url = "http://127.0.0.1:9180";
    std::string token_file;
    std::string ca_file;  // https: the CA that signed the listener's certificate; empty: the system's CAs
    bool raw = false;
};

// Writes `request` and reads the answer on a connected plain or TLS stream.
template <class Stream>
void exchange(Stream& stream, const bhttp::request<bhttp::empty_body>& request,
              bhttp::response<bhttp::string_body>& response, boost::system::error_code& ec) {
    bhttp::write(stream, request, ec);
    beast::flat_buffer buffer;
    if (!ec) bhttp::read(stream, buffer, response, ec);
}

// One request to a kiosk's status listener (http:// or https://), with the bearer token from `token_file`
// when given. Says what went wrong on stderr and returns nothing when there is no usable answer.
std::optional<bhttp::response<bhttp::string_body>> ask(bhttp::verb verb, const KioskOptions& kiosk,
                                                       const char* target, std::chrono::seconds timeout) {
    const std::string_view base = kiosk.url;
    std::string token;
    if (!kiosk.token_file.empty()) {
        auto read = config::readStatusToken(kiosk.token_file);
        if (!read) {
            std::fprintf(stderr, "yicictl: %s\n", read.error().message.c_str());
            return std::nullopt;
        }
        token = std::move(*read);
    }
    auto url = boost::urls::parse_uri(base);
    const bool https = url && url->scheme() == "https";
    if (!url || (!https && url->scheme() != "http") || url->encoded_host().empty()) {
        std::fprintf(stderr, "yicictl: '%.*s' is not an http:// or https:// URL\n",
                     static_cast<int>(base.size()), base.data());
        return std::nullopt;
    }
    const std::string host(url->encoded_host());
    asio::io_context io;
    beast::tcp_stream stream(io);
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints =
        resolver.resolve(host, url->has_port() ? std::string(url->port()) : (https ? "443" : "80"), ec);
    stream.expires_after(timeout);
    if (!ec) stream.connect(endpoints, ec);
    bhttp::request<bhttp::empty_body> request(verb, target, 11);
    request.set(bhttp::field::host, host);
    // The status listener takes a POST only as JSON (http/request_guard.hpp), even without a body.
    if (verb == bhttp::verb::post) request.set(bhttp::field::content_type, "application/json");
    if (!token.empty()) request.set(bhttp::field::authorization, "Bearer " + token);
    bhttp::response<bhttp::string_body> response;
    if (!ec && https) {
        asio::ssl::context tls(asio::ssl::context::tls_client);
        tls.set_verify_mode(asio::ssl::verify_peer);
        if (kiosk.ca_file.empty()) {
            tls.set_default_verify_paths(ec);
        } else {
            tls.load_verify_file(kiosk.ca_file, ec);
        }
        beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), tls);
        secure.set_verify_callback(asio::ssl::host_name_verification(host));
        // The server name (SNI) for a host name, never for an address literal; SSL_set_tlsext_host_name()
        // spelled out: the macro's C cast trips -Wold-style-cast.
        boost::system::error_code literal;
        asio::ip::make_address(host, literal);
        if (!ec && literal &&
            SSL_ctrl(secure.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                     const_cast<char*>(host.c_str())) != 1)
            ec = boost::system::error_code(static_cast<int>(::ERR_get_error()),
                                           asio::error::get_ssl_category());
        if (!ec) secure.handshake(asio::ssl::stream_base::client, ec);
        if (!ec) exchange(secure, request, response, ec);
    } else if (!ec) {
        exchange(stream, request, response, ec);
    }
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

// A field of an answer as text: a string as it is, a number as people write it, null or missing as nothing,
// anything else as JSON.
std::string field(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return {};
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_double()) return fmt::format("{:g}", v->as_double());
    return boost::json::serialize(*v);
}

// /health as a technician reads it: the verdict, then a line per device, then what waits for the hall.
void printHealth(const boost::json::object& health) {
    const auto up = std::atoll(field(health, "uptime_s").c_str());
    std::printf("kiosk %s  version %s  up %lldh%02lldm  status %s\n", field(health, "kiosk_id").c_str(),
                field(health, "version").c_str(), up / 3600, up / 60 % 60, field(health, "status").c_str());
    std::printf("%-13s %-9s %-28s %s\n", "DEVICE", "HEALTH", "CODE", "DETAIL");
    if (const auto* devices = health.if_contains("devices"); devices != nullptr && devices->is_object()) {
        for (const auto& [name, device] : devices->as_object()) {
            if (!device.is_object()) continue;
            const auto& d = device.as_object();
            std::printf("%-13.*s %-9s %-28s %s\n", static_cast<int>(name.size()), name.data(),
                        field(d, "health").c_str(), field(d, "code").c_str(), field(d, "detail").c_str());
        }
    }
    if (const auto* outbox = health.if_contains("outbox"); outbox != nullptr && outbox->is_object()) {
        std::printf("hall outbox: %s event(s) waiting, the oldest %s s\n",
                    field(outbox->as_object(), "pending").c_str(),
                    field(outbox->as_object(), "oldest_age_s").c_str());
    }
}

int status(const KioskOptions& kiosk) {
    const bool raw = kiosk.raw;
    const auto response = ask(bhttp::verb::get, kiosk, "/health", std::chrono::seconds(5));
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

// POSTs to `target` and returns the 200 answer's body; says on stderr what the kiosk refused, and why.
std::optional<boost::json::object> post(const KioskOptions& kiosk, const std::string& target) {
    const auto response = ask(bhttp::verb::post, kiosk, target.c_str(), std::chrono::seconds(60));
    if (!response) return std::nullopt;
    auto answer = jsonObject(response->body());
    if (response->result() == bhttp::status::ok && answer) return answer;
    const auto* error = answer ? answer->if_contains("error") : nullptr;
    if (error != nullptr && error->is_object()) {
        std::fprintf(stderr, "yicictl: %s: %s\n", field(error->as_object(), "code").c_str(),
                     field(error->as_object(), "message_en").c_str());
    } else {
        std::fprintf(stderr, "yicictl: the kiosk answered %u: %s\n", response->result_int(),
                     response->body().c_str());
    }
    return std::nullopt;
}

// Asks the kiosk to test itself (a test ticket is printed) and prints one line per check.
int selftest(const KioskOptions& kiosk) {
    const auto report = post(kiosk, "/selftest");
    if (!report) return 1;
    const auto* checks = report->if_contains("checks");
    if (checks == nullptr || !checks->is_array()) {
        std::fprintf(stderr, "yicictl: the kiosk's self-test report has no checks: %s\n",
                     boost::json::serialize(*report).c_str());
        return 1;
    }
    bool passed = true;
    std::printf("%-12s %-6s %s\n", "CHECK", "RESULT", "DETAIL");
    for (const auto& item : checks->as_array()) {
        const auto* check = item.if_object();
        if (check == nullptr) continue;
        const auto* ok = check->if_contains("passed");
        const bool pass = ok != nullptr && ok->is_bool() && ok->as_bool();
        const auto* skip = check->if_contains("skipped");
        const bool skipped = skip != nullptr && skip->is_bool() && skip->as_bool();
        passed = passed && pass;
        std::printf("%-12s %-6s %s\n", field(*check, "name").c_str(),
                    skipped ? "skip"
                    : pass  ? "pass"
                            : "FAIL",
                    field(*check, "detail").c_str());
    }
    return passed ? 0 : 1;
}

// Asks the kiosk to reprint today's ticket `number` (补打) and says what came out.
int reprint(const KioskOptions& kiosk, const std::string& number) {
    // The kiosk checks the number; here it only has to stay one path segment.
    const auto answer =
        post(kiosk, "/api/v1/tickets/" + boost::urls::encode(number, boost::urls::pchars) + "/reprint");
    if (!answer) return 1;
    std::printf("reprinted %s (%s): reprint %s, %s\n", field(*answer, "number").c_str(),
                field(*answer, "id").c_str(), field(*answer, "reprints").c_str(),
                field(*answer, "status").c_str());
    return 0;
}

// Tells the kiosk a new paper roll is in, and prints the count it starts.
int newRoll(const KioskOptions& kiosk) {
    const auto answer = post(kiosk, "/api/v1/printer/new-roll");
    if (!answer) return 1;
    const auto* roll = answer->if_contains("paper_roll");
    if (roll == nullptr || !roll->is_object()) return 1;
    std::printf("new paper roll: %s m\n", field(roll->as_object(), "length_m").c_str());
    return 0;
}

// URL, --token-file and --ca-file, which every command here shares.
std::shared_ptr<KioskOptions> addKioskOptions(CLI::App& command) {
    auto options = std::make_shared<KioskOptions>();
    command.add_option("URL", options->url, "the kiosk's status listener")->capture_default_str();
    command
        .add_option("--token-file,--token", options->token_file,
                    "the status listener's bearer token (needed off loopback)")
        ->type_name("FILE");
    command
        .add_option("--ca-file", options->ca_file,
                    "for an https:// URL: the CA of the listener's certificate (default: the system's CAs)")
        ->type_name("FILE");
    return options;
}

}  // namespace

void addStatusCommands(CLI::App& app, Run& run) {
    CLI::App* status_command = app.add_subcommand(
        "status", "a kiosk's /health as a table, or as it came (--json); exit 1 when the kiosk is down");
    auto status_options = addKioskOptions(*status_command);
    status_command->add_flag("--json", status_options->raw, "print /health as the kiosk sent it");
    status_command->callback([&run, o = status_options] { run = [o] { return status(*o); }; });

    CLI::App* selftest_command = app.add_subcommand(
        "selftest",
        "make the kiosk test itself (prints a test ticket, polls the reader, grabs a camera frame, "
        "checks the hall link and the clock); a line per check; exit 1 when any fails");
    auto selftest_options = addKioskOptions(*selftest_command);
    selftest_command->callback([&run, o = selftest_options] { run = [o] { return selftest(*o); }; });

    CLI::App* ticket_command = app.add_subcommand("ticket", "today's tickets");
    ticket_command->require_subcommand(1);
    CLI::App* reprint_command = ticket_command->add_subcommand(
        "reprint",
        "reprint today's ticket NUMBER with the same number, marked 补打 / Reprint (the technician's token, "
        "as "
        "for selftest); a ticket the dispenser took back waits in the queue again");
    auto number = std::make_shared<std::string>();
    reprint_command->add_option("NUMBER", *number, "the ticket's number, as printed (A001)")->required();
    auto reprint_options = addKioskOptions(*reprint_command);
    reprint_command->callback(
        [&run, o = reprint_options, number] { run = [o, number] { return reprint(*o, *number); }; });

    CLI::App* printer_command = app.add_subcommand("printer", "the printer's paper");
    printer_command->require_subcommand(1);
    CLI::App* new_roll_command =
        printer_command->add_subcommand("new-roll",
                                        "after putting in a new paper roll: the kiosk counts it from full "
                                        "again ([printer] roll_length_m; the "
                                        "technician's token, as for selftest)");
    auto new_roll_options = addKioskOptions(*new_roll_command);
    new_roll_command->callback([&run, o = new_roll_options] { run = [o] { return newRoll(*o); }; });
}

}  // namespace yici::ctl
