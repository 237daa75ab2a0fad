// yicictl provision: a board template becomes one kiosk's configuration, with files only yicid's group can
// read; a second run keeps the status token the hall server already has; a bad value changes nothing; the
// technician PIN comes from a file or stdin, never the command line, and is stored only as its hash; staff
// cards only as keyed hashes.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "harness.hpp"
#include "privacy/pin_hash.hpp"

using namespace yici;
namespace fs = std::filesystem;

namespace {

unsigned mode(const fs::path& file) {
    struct stat st {};
    ::stat(file.c_str(), &st);
    return st.st_mode & 07777;
}

// yicictl provision TEMPLATE --etc … --data-dir … EXTRA, with stdin from `input` when given.
int provision(itest::Bench& bench, std::vector<std::string> extra, const std::string& log,
              const fs::path& input = {}) {
    std::vector<std::string> argv{itest::paths().yicictl,
                                  "provision",
                                  std::string(itest::paths().source_dir) + "/board-configs/rk3568-kiosk.toml",
                                  "--etc",
                                  (bench.dir / "etc").string(),
                                  "--data-dir",
                                  (bench.dir / "data").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    itest::Process ctl(argv, bench.dir / log, input);
    return ctl.wait();
}

// Whether `board` holds technician_pin_hash for `pin`, and not the PIN itself.
bool holdsHashOf(const std::string& board, const std::string& pin) {
    const std::string key = "technician_pin_hash = '";
    const auto at = board.find(key);
    if (at == std::string::npos || board.find(pin) != std::string::npos) return false;
    const auto start = at + key.size();
    return privacy::pinMatches(board.substr(start, board.find('\'', start) - start), pin);
}

}  // namespace

TEST_CASE("yicictl provision writes the kiosk's config, TLS files and token for the yici group only") {
    itest::Bench bench;
    const fs::path pem = bench.dir / "kiosk.pem";
    const fs::path key = bench.dir / "kiosk.key";
    std::ofstream(pem) << "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n";
    std::ofstream(key) << "-----BEGIN PRIVATE KEY-----\ntest\n-----END PRIVATE KEY-----\n";
    const fs::path pin_file = bench.dir / "pin";
    std::ofstream(pin_file) << "135790\n";
    REQUIRE(provision(bench,
                      {"--kiosk-id", "yongjia-hall-k07", "--hall-url", "https://hall.example.gov.cn",
                       "--offline-prefix", "K7", "--ca", pem.string(), "--cert", pem.string(), "--key",
                       key.string(), "--status-cert", pem.string(), "--status-key", key.string(),
                       "--pin-file", pin_file.string()},
                      "first.log") == 0);
    const fs::path etc = bench.dir / "etc";
    CHECK(mode(etc) == 0750);
    CHECK(mode(etc / "board.toml") == 0640);
    CHECK(mode(etc / "halls/yongjia.toml") == 0640);
    CHECK(mode(etc / "kiosk-key.pem") == 0640);
    CHECK(mode(etc / "kiosk-cert.pem") == 0644);
    CHECK(mode(etc / "status-cert.pem") == 0644);
    CHECK(mode(etc / "status-key.pem") == 0640);
    CHECK(mode(etc / "status.token") == 0640);
    CHECK(mode(etc / "selftest.token") == 0640);
    CHECK(mode(etc / "device.key") == 0640);
    CHECK(mode(bench.dir / "data") == 0700);
    const std::string device_key = itest::readAll(etc / "device.key");
    CHECK(device_key.size() == 32);
    const std::string token = itest::readAll(etc / "status.token");
    CHECK(token.size() == 65);  // 32 random bytes in hex and a newline
    const std::string selftest_token = itest::readAll(etc / "selftest.token");
    CHECK(selftest_token.size() == 65);
    CHECK(selftest_token != token);  // the hall's token cannot print test tickets
    const std::string board = itest::readAll(etc / "board.toml");
    for (const char* want : {"id = 'yongjia-hall-k07'", "url = 'https://hall.example.gov.cn'",
                             "offline_prefix = 'K7'", "hall_catalog = 'halls/yongjia.toml'"})
        CHECK_MESSAGE(board.find(want) != std::string::npos, want);
    CHECK(holdsHashOf(board, "135790"));
    CHECK(board.find("technician_pin =") == std::string::npos);
    CHECK(board.find((etc / "kiosk-key.pem").string()) != std::string::npos);
    CHECK(board.find("cert_file = '" + (etc / "status-cert.pem").string() + "'") != std::string::npos);
    CHECK(board.find("key_file = '" + (etc / "status-key.pem").string() + "'") != std::string::npos);
    CHECK(board.find((etc / "status.token").string()) != std::string::npos);
    CHECK(board.find("selftest_token_file = '" + (etc / "selftest.token").string() + "'") !=
          std::string::npos);
    CHECK(board.find("key_file = '" + (etc / "device.key").string() + "'") != std::string::npos);
    CHECK(
        itest::readAll(etc / "display.env").find("\nYICI_UI_URL=http://127.0.0.1:8080/\nYICI_ROTATE=90\n") !=
        std::string::npos);  // rk3568-kiosk: a portrait kiosk on a landscape panel
    // yicid.service's drop-in, next to the config (ETC/../systemd/system): this board's devices and the hall
    // LAN.
    const fs::path dropin = bench.dir / "systemd/system/yicid.service.d/50-board.conf";
    CHECK(mode(dropin) == 0644);
    const std::string unit = itest::readAll(dropin);
    for (const char* want :
         {"[Service]\n", "\nDeviceAllow=char-ttyUSB rw\n", "\nDeviceAllow=char-usb_device rw\n",
          "\nDeviceAllow=char-video4linux rw\n", "\nIPAddressAllow=192.168.10.0/24\n"})
        CHECK_MESSAGE(unit.find(want) != std::string::npos, want);
    CHECK(itest::readAll(bench.dir / "first.log").find("'hall.example.gov.cn' is a name") !=
          std::string::npos);
    itest::Process check({itest::paths().yicictl, "config", "check", (etc / "board.toml").string()},
                         bench.dir / "check.log");
    CHECK(check.wait() == 0);

    // Again, for another kiosk id: the token stays (the hall server knows it).
    REQUIRE(provision(bench, {"--kiosk-id", "yongjia-hall-k08"}, "second.log") == 0);
    CHECK(itest::readAll(etc / "status.token") == token);
    CHECK(itest::readAll(etc / "selftest.token") == selftest_token);
    CHECK(itest::readAll(etc / "device.key") == device_key);  // it opens the records still waiting
    CHECK(itest::readAll(etc / "board.toml").find("id = 'yongjia-hall-k08'") != std::string::npos);

    // A PIN shorter than 6 digits: nothing is replaced, and the reason is given.
    const std::string before = itest::readAll(etc / "board.toml");
    const fs::path short_pin = bench.dir / "short-pin";
    std::ofstream(short_pin) << "12345\n";
    CHECK(provision(bench, {"--kiosk-id", "yongjia-hall-k09", "--pin-stdin"}, "bad.log", short_pin) == 1);
    CHECK(itest::readAll(etc / "board.toml") == before);
    CHECK(itest::readAll(bench.dir / "bad.log").find("6-12 digits") != std::string::npos);
    CHECK_FALSE(fs::exists(etc / "board.toml.check"));
}

TEST_CASE(
    "yicictl provision takes the technician PIN from stdin or a file, and refuses it on the command line") {
    itest::Bench bench;
    const fs::path etc = bench.dir / "etc";
    const fs::path input = bench.dir / "stdin";
    std::ofstream(input) << "246810\r\nnot read\n";  // one line: the rest stays for whoever reads next
    REQUIRE(provision(bench, {"--kiosk-id=yongjia-hall-k07", "--pin-stdin"}, "stdin.log", input) == 0);
    const std::string board = itest::readAll(etc / "board.toml");
    CHECK(holdsHashOf(board, "246810"));
    CHECK(board.find("id = 'yongjia-hall-k07'") != std::string::npos);  // --opt=value as well as --opt value

    const fs::path pin_file = bench.dir / "pin";
    std::ofstream(pin_file) << "13579246\n";
    REQUIRE(provision(bench, {"--kiosk-id", "yongjia-hall-k08", "--pin-file=" + pin_file.string()},
                      "file.log") == 0);
    CHECK(holdsHashOf(itest::readAll(etc / "board.toml"), "13579246"));

    // The old --pin DIGITS: a usage error naming what replaced it, and nothing written.
    const std::string before = itest::readAll(etc / "board.toml");
    CHECK(provision(bench, {"--kiosk-id", "yongjia-hall-k09", "--pin", "975310"}, "argv.log") == 2);
    CHECK(itest::readAll(etc / "board.toml") == before);
    const std::string refused = itest::readAll(bench.dir / "argv.log");
    CHECK(refused.find("--pin-stdin") != std::string::npos);
    CHECK(refused.find("975310") == std::string::npos);

    // Both at once, or an empty stdin: refused, nothing written.
    CHECK(provision(bench, {"--kiosk-id", "yongjia-hall-k09", "--pin-stdin", "--pin-file", pin_file.string()},
                    "both.log") == 2);
    const fs::path empty = bench.dir / "empty";
    std::ofstream(empty) << "";
    CHECK(provision(bench, {"--kiosk-id", "yongjia-hall-k09", "--pin-stdin"}, "empty.log", empty) == 1);
    CHECK(itest::readAll(bench.dir / "empty.log").find("no PIN on stdin") != std::string::npos);
    CHECK(itest::readAll(etc / "board.toml") == before);
}

TEST_CASE("yicictl pin-hash prints an argon2id hash of a 6-12 digit PIN; config check refuses a plain PIN") {
    itest::Bench bench;
    const fs::path input = bench.dir / "pin";
    std::ofstream(input) << "24681357\n";
    itest::Process hash({itest::paths().yicictl, "pin-hash"}, bench.dir / "hash.log", input);
    REQUIRE(hash.wait() == 0);
    std::string printed = itest::readAll(bench.dir / "hash.log");
    REQUIRE(printed.ends_with("\n"));
    printed.pop_back();
    CHECK(printed.starts_with("$argon2id$"));
    CHECK(privacy::pinMatches(printed, "24681357"));
    CHECK_FALSE(privacy::pinMatches(printed, "24681358"));

    std::ofstream(input) << "12345\n";
    itest::Process weak({itest::paths().yicictl, "pin-hash"}, bench.dir / "weak.log", input);
    CHECK(weak.wait() == 1);
    CHECK(itest::readAll(bench.dir / "weak.log").find("6-12 digits") != std::string::npos);

    // A hand-written config with the PIN itself: refused, without repeating it.
    std::string text = itest::readAll(fs::path(itest::paths().source_dir) / "board-configs/sim.toml");
    const auto at = text.find("technician_pin_hash = ");
    REQUIRE(at != std::string::npos);
    text.replace(at, text.find('\n', at) - at, "technician_pin = \"97531086\"");
    const auto catalog = text.find("\"halls/");
    REQUIRE(catalog != std::string::npos);
    text.insert(catalog + 1, std::string(itest::paths().source_dir) + "/board-configs/");
    const fs::path board = bench.dir / "plain.toml";
    std::ofstream(board) << text;
    itest::Process check({itest::paths().yicictl, "config", "check", board.string()},
                         bench.dir / "check.log");
    CHECK(check.wait() == 1);
    const std::string said = itest::readAll(bench.dir / "check.log");
    CHECK(said.find("ui.technician_pin: a PIN is not kept in plain text") != std::string::npos);
    CHECK(said.find("97531086") == std::string::npos);
}

TEST_CASE("yicictl staff-card keeps a staff card as a keyed hash and the staff id, never the number") {
    itest::Bench bench;
    const fs::path pin_file = bench.dir / "pin";
    std::ofstream(pin_file) << "135790\n";
    REQUIRE(provision(bench, {"--kiosk-id", "yongjia-hall-k07", "--pin-file", pin_file.string()}, "p.log") ==
            0);
    const fs::path etc = bench.dir / "etc";
    const fs::path cards = etc / "staff-cards";
    CHECK(itest::readAll(etc / "board.toml").find("staff_cards_file = '" + cards.string() + "'") !=
          std::string::npos);
    const auto staffCard = [&](std::vector<std::string> args, const std::string& number,
                               const std::string& log) {
        const fs::path input = bench.dir / (log + ".in");
        std::ofstream(input) << number << "\n";
        std::vector<std::string> argv{itest::paths().yicictl, "staff-card"};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--board", (etc / "board.toml").string()});
        itest::Process ctl(argv, bench.dir / log, input);
        return ctl.wait();
    };
    const std::string number = itest::Bench::staff_card_number;
    REQUIRE(staffCard({"add", "--staff", "S017"}, number, "add.log") == 0);
    CHECK(mode(cards) == 0640);  // like device.key: yicid's group reads it
    const std::string kept = itest::readAll(cards);
    CHECK(kept.size() == 32 + 6);  // "HASH S017\n"
    CHECK(kept.ends_with(" S017\n"));
    CHECK(kept.find(number) == std::string::npos);
    CHECK(kept.find("19820314") == std::string::npos);
    CHECK(staffCard({"add", "--staff", "S017"}, number, "again.log") == 0);
    CHECK(itest::readAll(cards) == kept);
    CHECK(itest::readAll(bench.dir / "again.log").find("there already") != std::string::npos);

    // Not a resident ID number (a wrong check digit), no staff id: refused, nothing written.
    CHECK(staffCard({"add", "--staff", "S018"}, "330324197907150027", "bad.log") == 1);
    CHECK(itest::readAll(bench.dir / "bad.log").find("no resident ID number") != std::string::npos);
    CHECK(itest::readAll(bench.dir / "bad.log").find("330324197907150027") == std::string::npos);
    CHECK(staffCard({"add"}, number, "nostaff.log") == 2);
    CHECK(itest::readAll(cards) == kept);

    REQUIRE(staffCard({"remove"}, number, "remove.log") == 0);
    CHECK(itest::readAll(cards).empty());
    CHECK(staffCard({"remove"}, number, "again-remove.log") == 0);
    CHECK(itest::readAll(bench.dir / "again-remove.log").find("was not there") != std::string::npos);
}
