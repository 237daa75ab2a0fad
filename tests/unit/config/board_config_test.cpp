// Board config: the documented sample loads; every kind of mistake names file, line and key.
#include <doctest/doctest.h>

#include "config/board_config.hpp"
#include "register_all.hpp"
#include "testing.hpp"

using yici::testing::replaced;

namespace {

// Parses against every driver of this build, as yicid and yicictl do.
yici::Expected<yici::config::BoardConfig> parse(std::string_view text, const std::filesystem::path& file) {
    static const auto drivers = yici::drivers::allDrivers();
    return yici::config::parseBoardConfig(text, file, drivers);
}

constexpr const char* sample = R"toml(
[kiosk]
id = "yongjia-hall-k01"
timezone = "Asia/Shanghai"
hall_catalog = "halls/yongjia.toml"

[ui]
listen = "127.0.0.1:8080"
idle_timeout_s = 60

[status]
listen = "0.0.0.0:9180"
token_file = "status.token"
cert_file = "status-cert.pem"
key_file = "status-key.pem"

[hall]
url = ""
ticket_timeout_ms = 800
ca_file = ""
cert_file = ""
key_file = ""
insecure = false

[id_reader]
driver = "sam-serial"
device = "/dev/ttyUSB0"
baud = 115200

[printer]
driver = "escpos"
uri = "tcp://127.0.0.1:9100"
dots_per_line = 576

[camera]
driver = "opencv"
source = "/dev/video0"

[face]
detector_model = ""
recognizer_model = ""
match_threshold = 0.363

[privacy]
retention_h = 24
key_file = "device.key"
)toml";

std::string errorOf(const std::string& text) {
    auto loaded = parse(text, "/etc/yici/board.toml");
    REQUIRE_FALSE(loaded.has_value());
    return loaded.error().message;
}

}  // namespace

TEST_CASE("the documented sample board config loads with every key") {
    auto c = parse(sample, "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->kiosk.id == "yongjia-hall-k01");
    CHECK(c->kiosk.hall_catalog == "/etc/yici/halls/yongjia.toml");
    CHECK(c->ui.listen.port == 8080);
    CHECK(c->status.listen.host == "0.0.0.0");
    CHECK(c->status.token_file == "/etc/yici/status.token");
    CHECK(c->hall.ticket_timeout_ms == 800);
    CHECK(c->hall.offline_backoff_ms == 5000);
    CHECK(c->id_reader.driver == "sam-serial");
    CHECK(c->id_reader.options.at("baud") == "115200");
    CHECK(c->printer.uri == "tcp://127.0.0.1:9100");
    CHECK(c->printer.dots_per_line == 576);
    CHECK(c->camera.source == "/dev/video0");
    CHECK(c->face.match_threshold == doctest::Approx(0.363));
    CHECK(c->privacy.retention_h == 24);
    CHECK(c->privacy.key_file == "/etc/yici/device.key");
    CHECK_FALSE(c->privacy.key_in_data_dir);
}

TEST_CASE("a board names its device key; only the simulator keeps one beside the data, and says so") {
    const std::string missing =
        "privacy.key_file: missing required key (the device key that encrypts personal data; yicictl "
        "provision "
        "writes it to the config partition, never beside the database; only the simulator sets "
        "key_in_data_dir = true)";
    CHECK(errorOf(replaced(sample, "key_file = \"device.key\"\n", "")) ==
          "/etc/yici/board.toml:44: " + missing);
    CHECK(errorOf(replaced(sample, "[privacy]\nretention_h = 24\nkey_file = \"device.key\"\n", "")) ==
          "/etc/yici/board.toml:1: " + missing);
    auto sim =
        parse(replaced(sample, "key_file = \"device.key\"", "key_in_data_dir = true"), "/etc/yici/b.toml");
    REQUIRE(sim.has_value());
    CHECK(sim->privacy.key_in_data_dir);
    CHECK(sim->privacy.key_file.empty());
    CHECK(errorOf(replaced(sample, "key_file = \"device.key\"",
                           "key_file = \"device.key\"\nkey_in_data_dir = true")) ==
          "/etc/yici/board.toml:47: privacy.key_in_data_dir: key_file and key_in_data_dir = true exclude "
          "each other "
          "(one device key)");
}

TEST_CASE("the hall's offline back-off is read in milliseconds, within its range") {
    CHECK(parse(replaced(sample, "ticket_timeout_ms = 800",
                         "ticket_timeout_ms = 800\noffline_backoff_ms = 300"),
                "b.toml")
              ->hall.offline_backoff_ms == 300);
    CHECK(errorOf(replaced(sample, "ticket_timeout_ms = 800",
                           "ticket_timeout_ms = 800\noffline_backoff_ms = 10")) ==
          "/etc/yici/board.toml:20: hall.offline_backoff_ms: must be between 100 and 600000, not 10");
}

TEST_CASE("an unknown key is named with its file and line") {
    CHECK(errorOf(replaced(sample, "baud = 115200", "baud = 115200\nparity = \"none\"")) ==
          "/etc/yici/board.toml:29: id_reader.parity: unknown key");
}

TEST_CASE("a wrong type is named with its file and line") {
    CHECK(errorOf(replaced(sample, "dots_per_line = 576", "dots_per_line = \"576\"")) ==
          "/etc/yici/board.toml:33: printer.dots_per_line: must be an integer, not a string");
}

TEST_CASE("a missing required key is named") {
    CHECK(errorOf(replaced(sample, "id = \"yongjia-hall-k01\"\n", "")) ==
          "/etc/yici/board.toml:2: kiosk.id: missing required key");
}

TEST_CASE("a bad listen address is refused") {
    CHECK(errorOf(replaced(sample, "0.0.0.0:9180", "0.0.0.0:99999")) ==
          "/etc/yici/board.toml:12: status.listen: '99999' is not a port between 1 and 65535");
    CHECK(errorOf(replaced(sample, "0.0.0.0:9180", "kiosk.local:9180")) ==
          "/etc/yici/board.toml:12: status.listen: 'kiosk.local' is not a numeric IP address");
}

TEST_CASE("the citizen API may only listen on loopback") {
    CHECK(errorOf(replaced(sample, "127.0.0.1:8080", "0.0.0.0:8080"))
              .find("ui.listen: the citizen API must listen on a loopback") != std::string::npos);
}

TEST_CASE("off loopback, the status listener needs a token file, as yicid requires") {
    CHECK(errorOf(replaced(sample, "token_file = \"status.token\"\n", "")) ==
          "/etc/yici/board.toml:12: status.listen: 0.0.0.0:9180 is not loopback: set token_file (the hall "
          "server's bearer token for /health and /metrics)");
    CHECK(parse(replaced(replaced(sample, "token_file = \"status.token\"\n", ""), "0.0.0.0:9180",
                         "127.0.0.1:9180"),
                "b.toml")
              .has_value());
}

TEST_CASE("off loopback, the status listener speaks HTTPS unless the board says insecure = true") {
    const std::string tls = "cert_file = \"status-cert.pem\"\nkey_file = \"status-key.pem\"\n";
    const std::string plain = replaced(sample, tls, "");
    CHECK(errorOf(plain) ==
          "/etc/yici/board.toml:12: status.listen: 0.0.0.0:9180 is not loopback: set cert_file "
          "and key_file (HTTPS), or insecure = true to send the tokens in clear");
    CHECK(parse(replaced(sample, tls, "insecure = true\n"), "/etc/yici/board.toml").has_value());
    CHECK(parse(replaced(plain, "0.0.0.0:9180", "127.0.0.1:9180"), "/etc/yici/board.toml").has_value());
    const auto c =
        parse(replaced(sample, tls, tls + "client_ca_file = \"hall-ca.pem\"\n"), "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->status.cert_file == "/etc/yici/status-cert.pem");
    CHECK(c->status.client_ca_file == "/etc/yici/hall-ca.pem");
    CHECK(errorOf(replaced(sample, "key_file = \"status-key.pem\"\n", "")) ==
          "/etc/yici/board.toml:14: status.cert_file: cert_file and key_file go together (the listener's TLS "
          "needs "
          "both)");
    CHECK(errorOf(replaced(plain, "token_file = \"status.token\"\n",
                           "token_file = \"status.token\"\ninsecure = true\nclient_ca_file = \"ca.pem\"\n"))
              .find("status.client_ca_file: client_ca_file needs cert_file") != std::string::npos);
}

TEST_CASE("yicid's listen overrides are held to the same rules as the file") {
    auto c = parse(sample, "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(yici::config::checkListeners(*c).has_value());
    c->ui.listen = *yici::base::parseListenAddress("0.0.0.0:8080");
    c->status.token_file.clear();
    const auto checked = yici::config::checkListeners(*c);
    REQUIRE_FALSE(checked.has_value());
    CHECK(checked.error().message.find("ui.listen: the citizen API must listen on a loopback") !=
          std::string::npos);
    CHECK(checked.error().message.find("status.listen: 0.0.0.0:9180 is not loopback") != std::string::npos);
}

TEST_CASE("driver names come from the drivers this build has") {
    CHECK(
        errorOf(replaced(sample, "driver = \"escpos\"", "driver = \"star\"")) ==
        "/etc/yici/board.toml:31: printer.driver: 'star' is not a driver in this build: use escpos or none");
    CHECK(errorOf(replaced(sample, "driver = \"opencv\"", "driver = \"v4l2\"")) ==
          "/etc/yici/board.toml:36: camera.driver: 'v4l2' is not a driver in this build: use opencv or none");
}

TEST_CASE("each driver checks its own keys") {
    // sam-serial needs a device; escpos a URI; opencv a source.
    CHECK(
        errorOf(replaced(sample, "device = \"/dev/ttyUSB0\"\n", "")) ==
        "/etc/yici/board.toml:25: id_reader.device: missing required key (sam-serial needs a serial device)");
    CHECK(errorOf(replaced(sample, "uri = \"tcp://127.0.0.1:9100\"\n", ""))
              .find("printer.uri: missing required key (escpos needs") != std::string::npos);
    CHECK(errorOf(replaced(sample, "source = \"/dev/video0\"\n", ""))
              .find("camera.source: missing required key (opencv needs a source") != std::string::npos);
    // A key one driver knows is unknown to "none".
    CHECK(errorOf(replaced(sample, "driver = \"sam-serial\"", "driver = \"none\"")) ==
          "/etc/yici/board.toml:28: id_reader.baud: unknown key");
}

TEST_CASE("bad URIs are refused") {
    CHECK(errorOf(replaced(sample, "tcp://127.0.0.1:9100", "lpt://1")) ==
          "/etc/yici/board.toml:32: printer.uri: printer URI scheme must be tcp, file or usb, not 'lpt'");
    CHECK(errorOf(replaced(sample, "tcp://127.0.0.1:9100", "usb://4b8:202")).find("four-digit hex ids") !=
          std::string::npos);
    CHECK(errorOf(replaced(sample, "url = \"\"", "url = \"http://hall.example/\"")) ==
          "/etc/yici/board.toml:18: hall.url: plain http:// is allowed only with insecure = true (never in "
          "production)");
    CHECK(errorOf(replaced(sample, "url = \"\"", "url = \"not a url\"")).find("hall.url") !=
          std::string::npos);
}

TEST_CASE("several mistakes are all reported, one line each") {
    auto text = replaced(sample, "baud = 115200", "baud = 12345");
    text = replaced(text, "timezone = \"Asia/Shanghai\"", "timezone = \"Mars/Olympus\"");
    const auto message = errorOf(text);
    CHECK(message.find("kiosk.timezone: unknown time zone 'Mars/Olympus'") != std::string::npos);
    CHECK(message.find("id_reader.baud: must be 9600, 19200, 38400, 57600 or 115200") != std::string::npos);
    CHECK(std::count(message.begin(), message.end(), '\n') == 1);
}

TEST_CASE("a TOML syntax error names the line") {
    CHECK(errorOf(replaced(sample, "[printer]", "[printer")).starts_with("/etc/yici/board.toml:30: "));
}

TEST_CASE("the dispenser is the printer's: its driver and keys are checked at their own lines") {
    // The [dispenser] table is lines 48-53.
    const std::string board =
        std::string(sample) +
        "\n[dispenser]\ndriver = \"escpos-presenter\"\ndialect = \"vkp80\"\npresent_mm = 40\n"
        "take_timeout_s = 30\nretract = false\n";
    auto c = parse(board, "/etc/yici/board.toml");
    REQUIRE_MESSAGE(c.has_value(), (c ? "" : c.error().message));
    CHECK(c->printer.dispenser.driver == "escpos-presenter");
    CHECK(c->printer.dispenser.options.at("dialect") == "vkp80");
    CHECK(c->printer.dispenser.take_timeout_s == 30);
    CHECK_FALSE(c->printer.dispenser.retract);
    CHECK(errorOf(replaced(board, "dialect = \"vkp80\"\n", "")) ==
          "/etc/yici/board.toml:48: dispenser.dialect: missing required key (gs-e or vkp80: the presenter's "
          "commands)");
    CHECK(errorOf(replaced(board, "dialect = \"vkp80\"", "dialect = \"esc-p\"")) ==
          "/etc/yici/board.toml:50: dispenser.dialect: 'esc-p' is not gs-e or vkp80");
    CHECK(
        errorOf(replaced(board, "present_mm = 40", "present_mm = 300")) ==
        "/etc/yici/board.toml:51: dispenser.present_mm: must be a whole number of millimetres from 1 to 255");
    CHECK(errorOf(replaced(board, "take_timeout_s = 30", "take_timeout_s = 2")) ==
          "/etc/yici/board.toml:52: dispenser.take_timeout_s: must be between 5 and 250, not 2");
    CHECK(errorOf(replaced(board, "driver = \"escpos-presenter\"", "driver = \"hopper\"")) ==
          "/etc/yici/board.toml:49: dispenser.driver: 'hopper' is not a dispenser of the escpos printer: use "
          "escpos-presenter or none");
    auto none = parse(std::string(sample) + "\n[dispenser]\ndriver = \"none\"\n", "/etc/yici/board.toml");
    REQUIRE(none.has_value());
    CHECK(none->printer.dispenser.driver == "none");
}

TEST_CASE("the paper roll is counted only when the board gives its length, warned at its own threshold") {
    auto plain = parse(sample, "/etc/yici/board.toml");
    REQUIRE(plain.has_value());
    CHECK(plain->printer.roll_length_m == 0);  // not counted
    const std::string counted =
        replaced(sample, "dots_per_line = 576\n",
                 "dots_per_line = 576\nroll_length_m = 80\nroll_warning_ratio = 0.15\n");
    auto c = parse(counted, "/etc/yici/board.toml");
    REQUIRE_MESSAGE(c.has_value(), (c ? "" : c.error().message));
    CHECK(c->printer.roll_length_m == doctest::Approx(80));
    CHECK(c->printer.roll_warning_ratio == doctest::Approx(0.15));
    CHECK(c->printer.options.empty());  // the firmware's keys, not the driver's
    CHECK(errorOf(replaced(counted, "roll_length_m = 80", "roll_length_m = 0"))
              .ends_with("printer.roll_length_m: must be between 1 and 2000, not 0"));
    CHECK(errorOf(replaced(counted, "roll_warning_ratio = 0.15", "roll_warning_ratio = 1.5"))
              .ends_with("printer.roll_warning_ratio: must be between 0.01 and 0.9, not 1.5"));
}

TEST_CASE("USB and character-device printer URIs parse") {
    CHECK(parse(replaced(sample, "tcp://127.0.0.1:9100", "usb://04b8:0202/SN123"), "b.toml").has_value());
    CHECK(parse(replaced(sample, "tcp://127.0.0.1:9100", "file:///dev/usb/lp0"), "b.toml").has_value());
}

TEST_CASE("time zones must be real zoneinfo zones; odd values are errors, never crashes") {
    CHECK(errorOf(replaced(sample, "timezone = \"Asia/Shanghai\"", "timezone = \"zone.tab\""))
              .find("unknown time zone") != std::string::npos);
    CHECK(errorOf(replaced(sample, "timezone = \"Asia/Shanghai\"",
                           "timezone = \"" + std::string(300, 'x') + "\""))
              .find("unknown time zone") != std::string::npos);
    CHECK(errorOf(replaced(sample, "timezone = \"Asia/Shanghai\"", "timezone = \"../../etc/passwd\""))
              .find("unknown time zone") != std::string::npos);
}

TEST_CASE("the technician PIN is kept only as its argon2id hash; empty or left out turns the screen off") {
    CHECK(parse(sample, "b.toml")->ui.technician_pin_hash.empty());
    const auto with = [](const std::string& line) {
        return replaced(sample, "idle_timeout_s = 60", "idle_timeout_s = 60\n" + line);
    };
    const std::string hash =  // yicictl pin-hash of 246810
        "$argon2id$v=19$m=65536,t=2,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA";
    CHECK(parse(with("technician_pin_hash = \"" + hash + "\"\nstaff_cards_file = \"staff-cards\""), "b.toml")
              ->ui.technician_pin_hash == hash);
    CHECK(parse(with("technician_pin_hash = \"\""), "b.toml")->ui.technician_pin_hash.empty());
    CHECK(errorOf(with("technician_pin_hash = \"246810\"")) ==
          "/etc/yici/board.toml:10: ui.technician_pin_hash: is not an argon2id hash (make one with `yicictl "
          "pin-hash`)");
    CHECK(errorOf(with("technician_pin_hash = \"$argon2id$v=19$m=8,t=1,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$"
                       "zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA\""))
              .find("other argon2id costs") != std::string::npos);
    // The PIN itself, of any length: refused, and the message does not repeat it.
    for (const char* plain : {"\"1234\"", "\"246810\"", "\"\""}) {
        CHECK_MESSAGE(
            errorOf(with(std::string("technician_pin = ") + plain)) ==
                "/etc/yici/board.toml:10: ui.technician_pin: a PIN is not kept in plain text: set "
                "technician_pin_hash to what `yicictl pin-hash` prints (yicictl provision --pin-stdin "
                "writes it)",
            plain);
    }
}

TEST_CASE("a technician PIN needs its staff cards: beside the device key, or in the simulator's data dir") {
    const std::string pin =
        "idle_timeout_s = 60\ntechnician_pin_hash = \"$argon2id$v=19$m=65536,t=2,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$"
        "zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA\"";
    const std::string with_pin = replaced(sample, "idle_timeout_s = 60", pin);
    CHECK(errorOf(with_pin) ==
          "/etc/yici/board.toml:10: ui.staff_cards_file: missing required key (a technician PIN works only "
          "after "
          "a registered staff card is tapped; yicictl provision sets the file, yicictl staff-card add "
          "registers "
          "a card)");
    const auto board =
        parse(replaced(with_pin, pin, pin + "\nstaff_cards_file = \"staff-cards\""), "/etc/yici/board.toml");
    REQUIRE(board);
    CHECK(yici::config::staffCardsFile(*board, "/var/lib/yici") == "/etc/yici/staff-cards");
    CHECK(yici::config::deviceKeyFile(*board, "/var/lib/yici") == "/etc/yici/device.key");

    const std::string sim = replaced(with_pin, "key_file = \"device.key\"", "key_in_data_dir = true");
    const auto sim_board = parse(sim, "/etc/yici/board.toml");
    REQUIRE(sim_board);
    CHECK(yici::config::staffCardsFile(*sim_board, "/tmp/data") == "/tmp/data/staff-cards");
    CHECK(yici::config::deviceKeyFile(*sim_board, "/tmp/data") == "/tmp/data/pii.key");
    CHECK(errorOf(replaced(sim, pin, pin + "\nstaff_cards_file = \"staff-cards\"")) ==
          "/etc/yici/board.toml:11: ui.staff_cards_file: the simulator (key_in_data_dir = true) keeps its "
          "staff "
          "cards in the data dir, beside its key");
}

TEST_CASE("a match threshold of nan or inf is refused") {
    CHECK(errorOf(replaced(sample, "match_threshold = 0.363", "match_threshold = nan"))
              .find("face.match_threshold") != std::string::npos);
    CHECK(errorOf(replaced(sample, "match_threshold = 0.363", "match_threshold = inf"))
              .find("face.match_threshold") != std::string::npos);
}

TEST_CASE("camera frames default to 640x480, at most 15 a second, critical after 3 s without one") {
    auto c = parse(sample, "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->camera.driver == "opencv");
    CHECK(c->camera.width == 640);
    CHECK(c->camera.height == 480);
    CHECK(c->camera.fps == 15);
    CHECK(c->camera.frame_timeout_ms == 3000);
}

TEST_CASE("camera size, rate and frame timeout are range-checked") {
    const auto text = replaced(sample, "source = \"/dev/video0\"",
                               "source = \"/dev/video0\"\nwidth = 16\nheight = 5000\nfps = 60\n"
                               "frame_timeout_ms = 100");
    CHECK(errorOf(text) ==
          "/etc/yici/board.toml:38: camera.width: must be between 32 and 4096, not 16\n"
          "/etc/yici/board.toml:39: camera.height: must be between 32 and 4096, not 5000\n"
          "/etc/yici/board.toml:40: camera.fps: must be between 1 and 30, not 60\n"
          "/etc/yici/board.toml:41: camera.frame_timeout_ms: must be between 200 and 60000, not 100");
}

TEST_CASE("a camera frame timeout shorter than two frame intervals is refused") {
    CHECK(
        errorOf(replaced(sample, "source = \"/dev/video0\"",
                         "source = \"/dev/video0\"\nfps = 2\nframe_timeout_ms = 500")) ==
        "/etc/yici/board.toml:39: camera.frame_timeout_ms: must be at least two frame intervals: 1000 ms or "
        "more at fps = 2");
}

TEST_CASE("the opencv camera needs a source; a relative one is found next to the config") {
    CHECK(errorOf(replaced(sample, "source = \"/dev/video0\"\n", "")) ==
          "/etc/yici/board.toml:35: camera.source: missing required key (opencv needs a source: /dev/videoN, "
          "an "
          "image, or a folder or glob of images)");
    auto c = parse(replaced(sample, "/dev/video0", "camera/*.png"), "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->camera.source == "/etc/yici/camera/*.png");
}

TEST_CASE("[update] names the RAUC compatible; marking slots needs it") {
    const std::string update =
        "[update]\ncompatible = \"yici-rk3568-kiosk\"\nmark_slot = true\nmark_after_s = 5\n";
    auto c = parse(replaced(sample, "[privacy]", update + "[privacy]"), "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->update.compatible == "yici-rk3568-kiosk");
    CHECK(c->update.mark_slot);
    CHECK(c->update.mark_after_s == 5);
    const auto plain = parse(sample, "/etc/yici/board.toml");
    REQUIRE(plain.has_value());
    CHECK_FALSE(plain->update.mark_slot);
    CHECK(plain->update.compatible.empty());
    CHECK(errorOf(replaced(sample, "[privacy]", "[update]\nmark_slot = true\n[privacy]")) ==
          "/etc/yici/board.toml:44: update.compatible: missing required key (mark_slot = true is for a RAUC "
          "board)");
}

TEST_CASE("[display] rotate is a quarter turn") {
    auto c =
        parse(replaced(sample, "[privacy]", "[display]\nrotate = 270\n[privacy]"), "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->display.rotate == 270);
    CHECK(errorOf(replaced(sample, "[privacy]", "[display]\nrotate = 45\n[privacy]")) ==
          "/etc/yici/board.toml:45: display.rotate: must be 0, 90, 180 or 270");
}

TEST_CASE("the hall subnets are IP networks or addresses, kept in the form systemd takes") {
    auto c =
        parse(replaced(sample, "insecure = false\n",
                       "insecure = false\nsubnets = [\"192.168.10.7/24\", \"10.0.0.5\", \"fd00:1::/64\"]\n"),
              "/etc/yici/board.toml");
    REQUIRE(c.has_value());
    CHECK(c->hall.subnets == std::vector<std::string>{"192.168.10.0/24", "10.0.0.5", "fd00:1::/64"});
    CHECK(errorOf(replaced(sample, "insecure = false\n",
                           "insecure = false\nsubnets = [\"192.168.10.0/33\"]\n")) ==
          "/etc/yici/board.toml:24: hall.subnets: '192.168.10.0/33' is not an IP address or a network like "
          "10.20.0.0/24");
    CHECK(errorOf(replaced(sample, "insecure = false\n", "insecure = false\nsubnets = [\"hall.lan\"]\n"))
              .find("'hall.lan' is not an IP address") != std::string::npos);
}
