// Board config loading: every key of the documented sample, checked strictly.
#include "config/board_config.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/url/parse.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "config/errors.hpp"
#include "config/internal/device_tables.hpp"
#include "config/toml_reader.hpp"
#include "privacy/pin_hash.hpp"

namespace yici::config {
namespace {

void readKiosk(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "kiosk", Need::required);
    if (t == nullptr) return;
    r.onlyKeys(*t, "kiosk", {"id", "timezone", "hall_catalog", "rtc", "clock_synchronized_file"});
    if (auto id = r.string(*t, "kiosk", "id", Need::required)) {
        const bool valid =
            !id->empty() && id->size() <= 64 && std::all_of(id->begin(), id->end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_';
            });
        if (valid) {
            c.kiosk.id = *id;
        } else {
            r.error(nodeOf(t, "id"), "kiosk.id", "must be 1-64 letters, digits, '-' or '_'");
        }
    }
    if (auto tz = r.string(*t, "kiosk", "timezone", Need::optional)) {
        if (isKnownTimezone(*tz)) {
            c.kiosk.timezone = *tz;
        } else {
            r.error(nodeOf(t, "timezone"), "kiosk.timezone", fmt::format("unknown time zone '{}'", *tz));
        }
    }
    if (auto catalog = r.string(*t, "kiosk", "hall_catalog", Need::required)) {
        c.kiosk.hall_catalog = c.file.parent_path() / *catalog;
    }
    if (auto v = r.boolean(*t, "kiosk", "rtc", Need::optional)) c.kiosk.rtc = *v;
    if (auto v = r.string(*t, "kiosk", "clock_synchronized_file", Need::optional); v && !v->empty())
        c.kiosk.clock_synchronized_file = c.file.parent_path() / *v;
}

void readListen(TomlReader& r, const toml::table& t, std::string_view section, ListenAddress& out) {
    if (auto text = r.string(t, section, "listen", Need::optional)) {
        auto parsed = base::parseListenAddress(*text);
        if (parsed) {
            out = *parsed;
        } else {
            r.error(t.get("listen"), TomlReader::join(section, "listen"), parsed.error().message);
        }
    }
}

void readUi(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "ui", Need::optional);
    if (t == nullptr) return;
    if (t->contains("technician_pin")) {  // the value is a secret: the message does not repeat it
        r.error(nodeOf(t, "technician_pin"), "ui.technician_pin",
                "a PIN is not kept in plain text: set technician_pin_hash to what `yicictl pin-hash` prints "
                "(yicictl provision --pin-stdin writes it)");
    }
    r.onlyKeys(*t, "ui",
               {"listen", "idle_timeout_s", "technician_pin", "technician_pin_hash", "staff_cards_file"});
    readListen(r, *t, "ui", c.ui.listen);
    if (auto v = r.integer(*t, "ui", "idle_timeout_s", Need::optional, 10, 3600))
        c.ui.idle_timeout_s = static_cast<int>(*v);
    if (auto v = r.string(*t, "ui", "technician_pin_hash", Need::optional)) {
        if (auto problem = v->empty() ? std::nullopt : privacy::pinHashProblem(*v)) {
            r.error(nodeOf(t, "technician_pin_hash"), "ui.technician_pin_hash", *problem);
        } else {
            c.ui.technician_pin_hash = *v;
        }
    }
    if (auto v = r.string(*t, "ui", "staff_cards_file", Need::optional); v && !v->empty())
        c.ui.staff_cards_file = c.file.parent_path() / *v;
}

std::filesystem::path relativeTo(const BoardConfig& c, const std::string& value) {
    return value.empty() ? std::filesystem::path{} : c.file.parent_path() / value;
}

void readStatus(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "status", Need::optional);
    if (t == nullptr) return;
    r.onlyKeys(*t, "status",
               {"listen", "token_file", "selftest_token_file", "cert_file", "key_file", "client_ca_file",
                "insecure"});
    readListen(r, *t, "status", c.status.listen);
    if (auto v = r.string(*t, "status", "token_file", Need::optional); v && !v->empty()) {
        c.status.token_file = c.file.parent_path() / *v;
    }
    if (auto v = r.string(*t, "status", "selftest_token_file", Need::optional); v && !v->empty()) {
        c.status.selftest_token_file = c.file.parent_path() / *v;
    }
    if (auto v = r.string(*t, "status", "cert_file", Need::optional)) c.status.cert_file = relativeTo(c, *v);
    if (auto v = r.string(*t, "status", "key_file", Need::optional)) c.status.key_file = relativeTo(c, *v);
    if (auto v = r.string(*t, "status", "client_ca_file", Need::optional))
        c.status.client_ca_file = relativeTo(c, *v);
    if (auto v = r.boolean(*t, "status", "insecure", Need::optional)) c.status.insecure = *v;
    if (c.status.cert_file.empty() != c.status.key_file.empty()) {
        r.error(nodeOf(t, c.status.cert_file.empty() ? "key_file" : "cert_file"), "status.cert_file",
                "cert_file and key_file go together (the listener's TLS needs both)");
    }
    if (!c.status.client_ca_file.empty() && c.status.cert_file.empty()) {
        r.error(nodeOf(t, "client_ca_file"), "status.client_ca_file",
                "client_ca_file needs cert_file and key_file (mutual TLS is TLS first)");
    }
}

// "10.20.0.0/24", "fd00:1::/64" or one address: in the canonical form systemd's IPAddressAllow= takes.
std::optional<std::string> canonicalSubnet(const std::string& text) {
    namespace ip = boost::asio::ip;
    boost::system::error_code ec;
    if (text.find('/') == std::string::npos) {
        const ip::address address = ip::make_address(text, ec);
        return ec ? std::nullopt : std::optional(address.to_string());
    }
    if (text.find(':') == std::string::npos) {
        const ip::network_v4 network = ip::make_network_v4(text, ec);
        if (ec) return std::nullopt;
        return network.canonical().to_string();
    }
    const ip::network_v6 network = ip::make_network_v6(text, ec);
    if (ec) return std::nullopt;
    return network.canonical().to_string();
}

void readSubnets(TomlReader& r, const toml::table& t, BoardConfig& c) {
    auto texts = r.strings(t, "hall", "subnets", Need::optional);
    if (!texts) return;
    for (const std::string& text : *texts) {
        if (auto subnet = canonicalSubnet(text)) {
            c.hall.subnets.push_back(*subnet);
        } else {
            r.error(t.get("subnets"), "hall.subnets",
                    fmt::format("'{}' is not an IP address or a network like 10.20.0.0/24", text));
        }
    }
}

void readHall(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "hall", Need::optional);
    if (t == nullptr) return;
    r.onlyKeys(*t, "hall",
               {"url", "ticket_timeout_ms", "offline_backoff_ms", "ca_file", "cert_file", "key_file",
                "insecure", "outbox_degraded_after_s", "offline_prefix", "subnets"});
    readSubnets(r, *t, c);
    if (auto v = r.string(*t, "hall", "offline_prefix", Need::optional)) {
        const bool valid =
            v->size() == 2 && (*v)[0] >= 'A' && (*v)[0] <= 'Z' && (*v)[1] >= '0' && (*v)[1] <= '9';
        if (valid) {
            c.hall.offline_prefix = *v;
        } else if (!v->empty()) {
            r.error(nodeOf(t, "offline_prefix"), "hall.offline_prefix",
                    fmt::format("'{}' must be one upper-case letter and one digit, like K1", *v));
        }
    }
    if (auto v = r.integer(*t, "hall", "outbox_degraded_after_s", Need::optional, 10, 7 * 24 * 3600)) {
        c.hall.outbox_degraded_after_s = static_cast<int>(*v);
    }
    if (auto v = r.integer(*t, "hall", "ticket_timeout_ms", Need::optional, 50, 10000)) {
        c.hall.ticket_timeout_ms = static_cast<int>(*v);
    }
    if (auto v = r.integer(*t, "hall", "offline_backoff_ms", Need::optional, 100, 600000)) {
        c.hall.offline_backoff_ms = static_cast<int>(*v);
    }
    if (auto v = r.string(*t, "hall", "ca_file", Need::optional)) c.hall.ca_file = relativeTo(c, *v);
    if (auto v = r.string(*t, "hall", "cert_file", Need::optional)) c.hall.cert_file = relativeTo(c, *v);
    if (auto v = r.string(*t, "hall", "key_file", Need::optional)) c.hall.key_file = relativeTo(c, *v);
    if (auto v = r.boolean(*t, "hall", "insecure", Need::optional)) c.hall.insecure = *v;
    if (c.hall.cert_file.empty() != c.hall.key_file.empty()) {
        r.error(nodeOf(t, c.hall.cert_file.empty() ? "key_file" : "cert_file"), "hall.cert_file",
                "cert_file and key_file go together (mutual TLS needs both)");
    }
    auto url = r.string(*t, "hall", "url", Need::optional);
    if (!url || url->empty()) return;
    auto parsed = boost::urls::parse_uri(*url);
    if (!parsed || parsed->encoded_host().empty() ||
        (parsed->scheme() != "https" && parsed->scheme() != "http")) {
        r.error(nodeOf(t, "url"), "hall.url", fmt::format("'{}' is not an http(s) URL with a host", *url));
        return;
    }
    if (parsed->scheme() == "http" && !c.hall.insecure) {
        r.error(nodeOf(t, "url"), "hall.url",
                "plain http:// is allowed only with insecure = true (never in production)");
        return;
    }
    if (c.hall.offline_prefix.empty() && t->get("offline_prefix") == nullptr) {
        r.error(nodeOf(t, "url"), "hall.offline_prefix",
                "missing: with a hall url, offline tickets need this kiosk's own prefix (like K1)");
        return;
    }
    c.hall.url = *url;
}

void readFace(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "face", Need::optional);
    if (t == nullptr) return;
    r.onlyKeys(*t, "face", {"detector_model", "recognizer_model", "match_threshold"});
    if (auto v = r.string(*t, "face", "detector_model", Need::optional))
        c.face.detector_model = relativeTo(c, *v);
    if (auto v = r.string(*t, "face", "recognizer_model", Need::optional))
        c.face.recognizer_model = relativeTo(c, *v);
    if (auto v = r.number(*t, "face", "match_threshold", Need::optional, 0.0, 1.0))
        c.face.match_threshold = *v;
}

void readDisplay(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "display", Need::optional);
    if (t == nullptr) return;
    r.onlyKeys(*t, "display", {"rotate"});
    if (auto v = r.integer(*t, "display", "rotate", Need::optional, 0, 270)) {
        if (*v % 90 != 0) {
            r.error(t->get("rotate"), "display.rotate", "must be 0, 90, 180 or 270");
        } else {
            c.display.rotate = static_cast<int>(*v);
        }
    }
}

void readUpdate(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "update", Need::optional);
    if (t == nullptr) return;
    r.onlyKeys(*t, "update", {"compatible", "mark_slot", "mark_after_s"});
    if (auto v = r.string(*t, "update", "compatible", Need::optional)) c.update.compatible = *v;
    if (auto v = r.boolean(*t, "update", "mark_slot", Need::optional)) c.update.mark_slot = *v;
    if (auto v = r.integer(*t, "update", "mark_after_s", Need::optional, 0, 600))
        c.update.mark_after_s = static_cast<int>(*v);
    if (c.update.mark_slot && c.update.compatible.empty())
        r.error(t, "update.compatible", "missing required key (mark_slot = true is for a RAUC board)");
}

// The device key must not sit beside the data it encrypts: a copy of the data disk would hold both.
constexpr std::string_view key_file_missing =
    "missing required key (the device key that encrypts personal data; yicictl provision writes it to the "
    "config partition, never beside the database; only the simulator sets key_in_data_dir = true)";

void readPrivacy(TomlReader& r, const toml::table& root, BoardConfig& c) {
    const toml::table* t = r.table(root, "", "privacy", Need::optional);
    if (t == nullptr) {
        r.error(&root, "privacy.key_file", key_file_missing);
        return;
    }
    r.onlyKeys(*t, "privacy", {"retention_h", "max_retention_h", "key_file", "key_in_data_dir"});
    if (auto v = r.integer(*t, "privacy", "retention_h", Need::optional, 0, 24 * 90))
        c.privacy.retention_h = static_cast<int>(*v);
    if (auto v = r.integer(*t, "privacy", "max_retention_h", Need::optional, 1, 24 * 90)) {
        c.privacy.max_retention_h = static_cast<int>(*v);
        if (*v < c.privacy.retention_h)
            r.error(t->get("max_retention_h"), "privacy.max_retention_h",
                    fmt::format("must be at least retention_h ({})", c.privacy.retention_h));
    } else {
        c.privacy.max_retention_h = std::max(c.privacy.max_retention_h, c.privacy.retention_h);
    }
    if (auto v = r.string(*t, "privacy", "key_file", Need::optional); v && !v->empty()) {
        c.privacy.key_file = c.file.parent_path() / *v;
    }
    if (auto v = r.boolean(*t, "privacy", "key_in_data_dir", Need::optional)) c.privacy.key_in_data_dir = *v;
    if (c.privacy.key_file.empty() && !c.privacy.key_in_data_dir) {
        r.error(t, "privacy.key_file", key_file_missing);
    } else if (!c.privacy.key_file.empty() && c.privacy.key_in_data_dir) {
        r.error(t->get("key_in_data_dir"), "privacy.key_in_data_dir",
                "key_file and key_in_data_dir = true exclude each other (one device key)");
    }
}

// A PIN alone would let anyone at the screen try it: the login needs a registered staff card first.
void checkStaffCards(TomlReader& r, const toml::table& root, const BoardConfig& c) {
    const toml::node* at = root.at_path("ui.staff_cards_file").node();
    if (c.privacy.key_in_data_dir && !c.ui.staff_cards_file.empty()) {
        r.error(
            at, "ui.staff_cards_file",
            "the simulator (key_in_data_dir = true) keeps its staff cards in the data dir, beside its key");
    } else if (!c.privacy.key_in_data_dir && c.ui.staff_cards_file.empty() &&
               !c.ui.technician_pin_hash.empty()) {
        const toml::node* pin = root.at_path("ui.technician_pin_hash").node();
        r.error(pin != nullptr ? pin : &root, "ui.staff_cards_file",
                "missing required key (a technician PIN works only after a registered staff card is tapped; "
                "yicictl provision sets the file, yicictl staff-card add registers a card)");
    }
}

}  // namespace

bool isKnownTimezone(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.find("..") != std::string_view::npos || name.front() == '/')
        return false;
    // A zoneinfo file starts with "TZif"; zone.tab and friends do not (glibc would fall back to UTC).
    std::ifstream file(std::filesystem::path("/usr/share/zoneinfo") / name, std::ios::binary);
    char magic[4] = {};
    return file.read(magic, 4) && std::string_view(magic, 4) == "TZif";
}

Expected<BoardConfig> parseBoardConfig(std::string_view text, const std::filesystem::path& file,
                                       const hal::DriverRegistries& drivers) {
    TomlReader r(file.string());
    auto root = r.parse(text);
    if (!root) return std::unexpected(r.toError());
    BoardConfig c;
    c.file = file;
    r.onlyKeys(*root, "",
               {"kiosk", "ui", "status", "hall", "id_reader", "printer", "dispenser", "camera", "face",
                "display", "update", "privacy"});
    readKiosk(r, *root, c);
    readUi(r, *root, c);
    readStatus(r, *root, c);
    readHall(r, *root, c);
    readDevices(r, *root, c, drivers);
    readFace(r, *root, c);
    readDisplay(r, *root, c);
    readUpdate(r, *root, c);
    readPrivacy(r, *root, c);
    checkStaffCards(r, *root, c);
    for (const auto& p : listenerProblems(c)) {
        const toml::node* at = root->at_path(p.key).node();
        r.error(at != nullptr ? at : root->at_path(p.key.substr(0, p.key.find('.'))).node(), p.key,
                p.message);
    }
    if (!r.ok()) return std::unexpected(r.toError());
    return c;
}

Expected<BoardConfig> loadBoardConfig(const std::filesystem::path& file,
                                      const hal::DriverRegistries& drivers) {
    auto text = config::readConfigFile(file, "board config");
    if (!text) return std::unexpected(text.error());
    return parseBoardConfig(*text, file, drivers);
}

std::filesystem::path deviceKeyFile(const BoardConfig& c, const std::filesystem::path& data_dir) {
    return c.privacy.key_in_data_dir ? data_dir / "pii.key" : c.privacy.key_file;
}

std::filesystem::path staffCardsFile(const BoardConfig& c, const std::filesystem::path& data_dir) {
    return c.privacy.key_in_data_dir ? data_dir / "staff-cards" : c.ui.staff_cards_file;
}

std::vector<hal::ConfigProblem> listenerProblems(const BoardConfig& c) {
    std::vector<hal::ConfigProblem> problems;
    if (!c.ui.listen.isLoopback()) {
        problems.push_back(
            {"ui.listen", "the citizen API must listen on a loopback address (127.0.0.1 or ::1)"});
    }
    // The hall server polls over the network: off loopback, /health and /metrics need the bearer token.
    if (!c.status.listen.isLoopback() && c.status.token_file.empty()) {
        problems.push_back({"status.listen", c.status.listen.text() +
                                                 " is not loopback: set token_file (the hall server's bearer "
                                                 "token for /health and /metrics)"});
    }
    // Off loopback the tokens cross the hall LAN: in TLS, or in clear only where someone said so.
    if (!c.status.listen.isLoopback() && c.status.cert_file.empty() && !c.status.insecure) {
        problems.push_back({"status.listen", c.status.listen.text() +
                                                 " is not loopback: set cert_file and key_file (HTTPS), or "
                                                 "insecure = true to send the tokens in clear"});
    }
    return problems;
}

Expected<void> checkListeners(const BoardConfig& c) {
    std::string message;
    for (const auto& p : listenerProblems(c))
        message += (message.empty() ? "" : "\n") + p.key + ": " + p.message;
    if (message.empty()) return {};
    return fail(Errc::config_invalid, c.file.string() + ": " + message);
}

}  // namespace yici::config
