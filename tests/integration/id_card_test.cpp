// The citizen taps an ID card on the (virtual) SAM reader: the session shows the card's fields with the
// number masked, faults on the line are survived, and no personal data leaks to logs, /health or /metrics.
#include <doctest/doctest.h>

#include <signal.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <ctime>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "citizen_flow.hpp"
#include "harness.hpp"

using namespace yici;
namespace json = boost::json;
using itest::session;

namespace {

// Polls the session until it is active (or `seconds` pass).
json::object waitForSession(itest::Bench& bench, bool active, double seconds = 3) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    json::object s;
    do {
        s = session(bench);
        if (s.at("active").as_bool() == active) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    return s;
}

// The card lifted (the reader has seen it go), and the session, which outlives it, ended by the citizen.
void liftAndEnd(itest::Bench& bench) {
    itest::EventStream events(bench.ui_port);
    REQUIRE(events.waitFor("text/event-stream"));
    REQUIRE(bench.ctl("card remove") == 0);
    CHECK(events.waitFor("event: card_removed"));
    CHECK(session(bench).at("active").as_bool());
    CHECK(itest::httpRequest(bench.ui_port, "DELETE", "/api/v1/session").status == 204);
    CHECK_FALSE(waitForSession(bench, false).at("active").as_bool());
}

std::string readerHealth(itest::Bench& bench) {
    boost::system::error_code ec;
    auto v = json::parse(bench.health().body, ec);
    return std::string(v.at("devices").at("id_reader").at("health").as_string());
}

struct Expect {
    const char* card;
    const char* name;
    const char* name_masked;
    const char* masked;
    const char* full;
    bool expired, valid;
    const char* type;
};

constexpr Expect expected[] = {
    {"resident", "张三", "张*", "330324********1230", "330324198506121230", false, true, "resident_id"},
    {"longterm", "李秀英", "李**", "330324********0022", "330324196203080022", false, true, "resident_id"},
    {"expired", "王五", "王*", "330324********0011", "330324199001010011", true, true, "resident_id"},
    {"elderly", "赵德福", "赵**", "330324********0049", "330324194503020049", false, true, "resident_id"},
    {"permit-j", "陈小明", "陈**", "810000********0013", "810000198808080013", false, true,
     "hk_macau_taiwan_permit"},
    {"foreigner-i", "安娜", "安*", "DEU330*****0501", "DEU330090030501", false, true,
     "foreign_permanent_2017"},
    {"bad-check-digit", "孙六", "孙*", "330324********0027", "330324197907150027", false, false,
     "resident_id"},
};

// Every string and number in a JSON value, as text: what anyone reading the session could combine.
void collectValues(const json::value& v, std::vector<std::string>& out) {
    if (const auto* o = v.if_object()) {
        for (const auto& [key, item] : *o) collectValues(item, out);
    } else if (const auto* a = v.if_array()) {
        for (const auto& item : *a) collectValues(item, out);
    } else if (const auto* s = v.if_string()) {
        out.emplace_back(*s);
    } else if (v.is_number()) {
        out.push_back(json::serialize(v));
    }
}

// The 18-digit numbers that fit a mask like "330324********1230" for a citizen of `age` on `today`
// (YYYYMMDD), with a valid MOD 11-2 check digit: what an attacker holding every session field could try.
int residentCandidates(std::string_view masked, int age, int today) {
    static constexpr int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int count = 0;
    for (int year = today / 10000 - age - 1; year <= today / 10000 - age; ++year) {
        for (int month = 1; month <= 12; ++month) {
            for (int day = 1; day <= 31; ++day) {
                const int birth = year * 10000 + month * 100 + day;
                const int years = (today - birth) / 10000;
                if (years != age) continue;
                std::string n =
                    std::string(masked.substr(0, 6)) + std::to_string(birth) + std::string(masked.substr(14));
                int sum = 0;
                for (std::size_t i = 0; i < 17; ++i) sum += (n[i] - '0') * weights[i];
                if ("10X98765432"[sum % 11] == n[17]) ++count;
            }
        }
    }
    return count;
}

}  // namespace

TEST_CASE("every test card opens a session with its fields and a masked number, and nothing personal leaks") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    for (const auto& e : expected) {
        CAPTURE(e.card);
        REQUIRE(bench.ctl(std::string("card tap ") + e.card) == 0);
        const auto s = waitForSession(bench, true);
        REQUIRE(s.at("active").as_bool());
        const auto& citizen = s.at("citizen").as_object();
        CHECK(citizen.at("name_masked") == e.name_masked);
        CHECK(citizen.at("id_number_masked") == e.masked);
        CHECK(citizen.at("expired").as_bool() == e.expired);
        CHECK(citizen.at("id_number_valid").as_bool() == e.valid);
        CHECK(citizen.at("card_type") == e.type);
        liftAndEnd(bench);
    }
    CHECK(session(bench).at("active").as_bool() == false);

    // Every place a technician or the hall server can read: no number, no name.
    const auto health = bench.health().body;
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find("yici_idcard_reads_total{result=\"ok\"} 7") != std::string::npos);
    bench.stopYicid(SIGTERM);
    std::ifstream log_file(bench.dir / "yicid.log");
    const std::string log((std::istreambuf_iterator<char>(log_file)), std::istreambuf_iterator<char>());
    CHECK(log.find("card read") != std::string::npos);
    for (const auto& e : expected) {
        for (const std::string& text : {health, metrics, log}) {
            CHECK_MESSAGE(text.find(e.full) == std::string::npos, e.card);
            CHECK_MESSAGE(text.find(e.name) == std::string::npos, e.card);
        }
    }
}

TEST_CASE(
    "no combination of session fields rebuilds a card's number: only what the screen shows leaves yicid") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const std::set<std::string> shown = {"card_type", "name_masked", "id_number_masked", "age",
                                         "elderly",   "expired",     "id_number_valid"};
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    localtime_r(&now, &local);
    const int today = (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
    for (const auto& e : expected) {
        CAPTURE(e.card);
        REQUIRE(bench.ctl(std::string("card tap ") + e.card) == 0);
        const auto s = waitForSession(bench, true);
        REQUIRE(s.at("citizen").is_object());
        std::set<std::string> keys;
        for (const auto& [key, value] : s.at("citizen").as_object()) keys.emplace(key);
        CHECK(keys == shown);
        // The characters the mask hides (for a resident ID: the birth date) appear in no field, in no
        // spelling: not whole, not as YYMMDD, not as YYYY-MM-DD.
        const std::string full = e.full, masked = e.masked;
        const std::size_t hidden_from = masked.find('*'), hidden_to = masked.rfind('*') + 1;
        const std::string hidden = full.substr(hidden_from, hidden_to - hidden_from);
        std::vector<std::string> values;
        collectValues(s, values);
        for (const auto& v : values) {
            CHECK(v.find(full) == std::string::npos);
            CHECK(v.find(hidden) == std::string::npos);
            if (hidden.size() == 8) {
                CHECK(v.find(hidden.substr(2)) == std::string::npos);
                CHECK(v.find(hidden.substr(0, 4) + "-" + hidden.substr(4, 2) + "-" + hidden.substr(6)) ==
                      std::string::npos);
            }
        }
        // With the mask and the age, an 18-digit number still has dozens of candidates.
        if (full.size() == 18 && e.valid) {
            const int candidates =
                residentCandidates(masked, static_cast<int>(s.at("citizen").at("age").as_int64()), today);
            CHECK(candidates >= 20);
        }
        liftAndEnd(bench);
    }
}

TEST_CASE("a card left on the reader is read once; DELETE ends the session") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("card tap resident") == 0);
    REQUIRE(waitForSession(bench, true).at("active").as_bool());
    std::this_thread::sleep_for(
        std::chrono::milliseconds(1500));  // three more polls with the card still there
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find("yici_idcard_reads_total{result=\"ok\"} 1\n") != std::string::npos);
    CHECK(itest::httpRequest(bench.ui_port, "DELETE", "/api/v1/session").status == 204);
    CHECK_FALSE(session(bench).at("active").as_bool());
}

TEST_CASE("an unplugged reader is reported within 2 s and recovers by itself when plugged back") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(readerHealth(bench) == "ok");
    REQUIRE(bench.ctl("card tap resident") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // unplug while the read is on the wire
    REQUIRE(bench.ctl("reader unplug") == 0);
    const auto unplugged = std::chrono::steady_clock::now();
    std::string health = readerHealth(bench);
    while ((health == "ok") && std::chrono::steady_clock::now() - unplugged < std::chrono::seconds(2)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        health = readerHealth(bench);
    }
    CHECK((health == "absent" || health == "critical"));
    REQUIRE(bench.ctl("reader plug") == 0);
    for (int i = 0; i < 150 && readerHealth(bench) != "ok"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(readerHealth(bench) == "ok");
    CHECK(waitForSession(bench, true, 5).at("citizen").at("name_masked") ==
          "张*");  // the card still there is read
}

TEST_CASE("garbage on the line and a slow reader still give the right card, and the faults are counted") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("reader noise") == 0);
    REQUIRE(bench.ctl("reader slow 400") == 0);
    REQUIRE(bench.ctl("card tap permit-j") == 0);
    const auto s = waitForSession(bench, true, 6);
    REQUIRE(s.at("active").as_bool());
    CHECK(s.at("citizen").at("name_masked") == "陈**");
    CHECK(readerHealth(bench) == "ok");
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    const std::string garbage = "yici_idcard_frame_errors_total{kind=\"garbage_bytes\"} ";
    const auto at = metrics.find(garbage);
    REQUIRE(at != std::string::npos);
    CHECK(std::stoi(metrics.substr(at + garbage.size())) > 0);  // the noise was seen, counted and skipped
}

TEST_CASE("a session nobody touches ends by itself after [ui] idle_timeout_s and its data is gone") {
    itest::Bench bench;
    std::ifstream in(bench.board);
    std::string board((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    board.replace(board.find("[ui]\n"), 5, "[ui]\nidle_timeout_s = 10\n");
    std::ofstream(bench.board) << board;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("card tap longterm") == 0);
    REQUIRE(waitForSession(bench, true).at("active").as_bool());
    std::this_thread::sleep_for(std::chrono::seconds(5));
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/touch").status ==
          204);  // a touch restarts it
    const auto opened = std::chrono::steady_clock::now();
    const auto ended = waitForSession(bench, false, 12);
    const auto took = std::chrono::steady_clock::now() - opened;
    CHECK_FALSE(ended.at("active").as_bool());
    CHECK(took >= std::chrono::seconds(9));
    CHECK(ended.size() == 1);  // {"active": false}: nothing of the citizen is left
}

namespace {

void addReaderKey(itest::Bench& bench, const std::string& line) {
    bench.addBoardKey("id_reader", line);
}

std::string deviceField(itest::Bench& bench, const char* device, const char* field) {
    boost::system::error_code ec;
    auto v = json::parse(bench.health().body, ec);
    return std::string(v.at("devices").at(device).at(field).as_string());
}

}  // namespace

TEST_CASE("with the photo decoder plug-in the session gets the card photo, through a private folder") {
    itest::Bench bench;
    addReaderKey(bench, std::string("photo_decoder = \"") + itest::paths().wlt_decoder + "\"");
    // As yicid.service's RuntimeDirectory= gives it; a crash left a photo behind last time.
    const auto runtime = bench.dir / "run";
    const auto work = runtime / "photo";
    std::filesystem::create_directories(work);
    std::filesystem::permissions(work, std::filesystem::perms::all);  // 0777: yicid must close it
    std::ofstream(work / "photo-7.bmp") << "BM left by a crash";
    const auto seen = bench.dir / "decoder-saw";
    bench.startDevsim();
    {
        const itest::ScopedEnv runtime_env("RUNTIME_DIRECTORY", runtime.string());
        const itest::ScopedEnv seen_env("YICI_TEST_WLT_SEEN", seen.string());
        bench.startYicid();
    }
    CHECK(deviceField(bench, "photo_decoder", "health") == "ok");
    CHECK_FALSE(std::filesystem::exists(work / "photo-7.bmp"));  // swept at start
    CHECK((std::filesystem::status(work).permissions() & std::filesystem::perms::all) ==
          std::filesystem::perms::owner_all);
    REQUIRE(bench.ctl("card tap resident") == 0);
    REQUIRE(waitForSession(bench, true).at("active").as_bool());
    bool photo = false;
    for (int i = 0; i < 40 && !photo; ++i) {
        photo = session(bench).at("photo").as_bool();
        if (!photo) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(photo);
    std::ifstream saw(seen);
    std::string path;
    REQUIRE(std::getline(saw, path));
    CHECK(std::filesystem::path(path).parent_path() == work);  // not the shared /dev/shm
    CHECK(std::filesystem::is_empty(work));                    // nothing left behind
}

TEST_CASE("a photo folder another user could have made first is refused, and cards are still read") {
    itest::Bench bench;
    addReaderKey(bench, std::string("photo_decoder = \"") + itest::paths().wlt_decoder + "\"");
    const auto runtime = bench.dir / "run";
    std::filesystem::create_directories(runtime);
    std::filesystem::create_directory_symlink("/tmp", runtime / "photo");  // a link to a shared folder
    bench.startDevsim();
    {
        const itest::ScopedEnv runtime_env("RUNTIME_DIRECTORY", runtime.string());
        bench.startYicid();
    }
    CHECK(deviceField(bench, "photo_decoder", "health") == "warning");
    CHECK(deviceField(bench, "photo_decoder", "detail").find("not a folder") != std::string::npos);
    REQUIRE(bench.ctl("card tap resident") == 0);
    CHECK(waitForSession(bench, true).at("active").as_bool());
}

TEST_CASE("a missing photo decoder is a health warning and cards are still read") {
    itest::Bench bench;
    addReaderKey(bench, "photo_decoder = \"/opt/vendor/libwlt2bmp-missing.so\"");
    bench.startDevsim();
    bench.startYicid();
    CHECK(deviceField(bench, "photo_decoder", "health") == "warning");
    CHECK(deviceField(bench, "photo_decoder", "code") == "photo_decoder_missing");
    REQUIRE(bench.ctl("card tap longterm") == 0);
    const auto s = waitForSession(bench, true);
    CHECK(s.at("citizen").at("name_masked") == "李**");
    CHECK_FALSE(s.at("photo").as_bool());
}

TEST_CASE("the UI's event stream says card tapped, expired (in Chinese and English) and removed") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), bench.ui_port});
    const std::string request = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    REQUIRE(bench.ctl("card tap expired") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    REQUIRE(bench.ctl("card remove") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    socket.non_blocking(true);
    std::string stream;
    char chunk[4096];
    boost::system::error_code ec;
    for (std::size_t n; (n = socket.read_some(boost::asio::buffer(chunk), ec)) > 0 && !ec;)
        stream.append(chunk, n);
    CHECK(stream.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream"));
    CHECK(stream.find("event: card_tapped\ndata: {\"expired\":true") != std::string::npos);
    CHECK(stream.find("\"code\":\"card_expired\",\"message_zh\":\"您的证件已过期") != std::string::npos);
    CHECK(stream.find("event: card_removed") != std::string::npos);
    CHECK(stream.find("王五") == std::string::npos);  // events carry no personal data
    CHECK(stream.find("330324199001010011") == std::string::npos);
}

TEST_CASE("an unknown status word and a reply meant for another command are counted and survived") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("reader confused") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // two polls meet the confusion
    REQUIRE(bench.ctl("card tap resident") == 0);
    CHECK(waitForSession(bench, true).at("citizen").at("name_masked") == "张*");
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find("yici_idcard_frame_errors_total{kind=\"unknown_status\"} 1\n") != std::string::npos);
    CHECK(metrics.find("yici_idcard_frame_errors_total{kind=\"wrong_reply\"} 1\n") != std::string::npos);
    CHECK(readerHealth(bench) == "ok");
}

TEST_CASE("a reply left on the line by the last yicid is dropped, so the next card is read, not off by one") {
    itest::Bench bench;
    bench.startDevsim();
    REQUIRE(bench.ctl("reader stale") == 0);  // as when yicid stopped between a command and its reply
    bench.startYicid();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));  // polls that would take the stale reply
    REQUIRE(bench.ctl("card tap resident") == 0);
    CHECK(waitForSession(bench, true).at("citizen").at("name_masked") == "张*");
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find("yici_idcard_reads_total{result=\"failed\"} 0\n") != std::string::npos);
}
