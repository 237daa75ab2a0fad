// The technician screen over real HTTP: a registered staff card's tap, then the PIN, with the card's back-off
// (kept across a restart), the kiosk's state, a test print on the virtual printer, and nothing without the
// token.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <csignal>
#include <fstream>
#include <iterator>
#include <thread>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
namespace json = boost::json;

namespace {

constexpr const char* pin = itest::Bench::technician_pin;

void startWithPin(itest::Bench& bench) {
    REQUIRE(bench.enableTechnician() == 0);
    bench.startDevsim();
    bench.startYicid();
}

itest::HttpResult typed(itest::Bench& bench, const std::string& given) {
    return itest::httpRequest(bench.ui_port, "POST", "/api/v1/technician/login",
                              R"({"pin":")" + given + R"("})");
}

// The PIN typed after a tap of devsim's `staff` card: the first answer that is not 409 staff_card_required
// (the reader takes a moment to read the card).
itest::HttpResult login(itest::Bench& bench, const std::string& given) {
    REQUIRE(bench.ctl("card tap staff") == 0);
    itest::HttpResult reply;
    CHECK(itest::waitUntil([&] {
        reply = typed(bench, given);
        return reply.status != 409;
    }));
    REQUIRE(bench.ctl("card remove") == 0);
    return reply;
}

std::string errorCode(const itest::HttpResult& reply) {
    return itest::str(itest::parseObject(reply.body).at("error").as_object(), "code");
}

itest::HttpResult asTechnician(itest::Bench& bench, const std::string& method, const std::string& path,
                               const std::string& token) {
    return itest::httpRequest(bench.ui_port, method, path, "", {{"Authorization", "Bearer " + token}});
}

}  // namespace

TEST_CASE(
    "five wrong PINs after a staff card's tap start its back-off: even the right PIN then gets 429, also "
    "after a restart") {
    itest::Bench bench;
    startWithPin(bench);
    for (int i = 0; i < 4; ++i) {
        const auto wrong = login(bench, "135790");
        CHECK(wrong.status == 401);
        CHECK(errorCode(wrong) == "technician_pin_wrong");
    }
    const auto fifth = login(bench, "135790");
    CHECK(fifth.status == 401);
    CHECK(itest::parseObject(fifth.body).at("error").at("retry_after_s") == 30);
    const auto locked = login(bench, pin);
    CHECK(locked.status == 429);
    const auto error = itest::parseObject(locked.body).at("error").as_object();
    CHECK(itest::str(error, "code") == "technician_locked");
    CHECK(itest::str(error, "message_zh") == "密码错误次数过多，请稍后再试。");
    const auto retry = error.at("retry_after_s").as_int64();
    CHECK(retry > 20);
    CHECK(retry <= 30);

    // A restart does not reset the back-off: it is in the database.
    bench.stopYicid(SIGTERM);
    bench.startYicid();
    const auto after_restart = login(bench, pin);
    CHECK(after_restart.status == 429);
    CHECK(itest::parseObject(after_restart.body).at("error").at("retry_after_s").as_int64() > 20);

    std::ifstream in(bench.dir / "yicid.log");
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(log.find("technician login failed") != std::string::npos);
    CHECK(log.find("technician login refused") != std::string::npos);
    CHECK(log.find(pin) == std::string::npos);  // never a PIN in the log, right or wrong
    CHECK(log.find("135790") == std::string::npos);
}

TEST_CASE("a technician logs in, reads the kiosk's state, test-prints on the real printer path, logs out") {
    itest::Bench bench;
    startWithPin(bench);
    CHECK(itest::parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/catalog").body)
              .at("technician") == true);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/technician/login", R"({"pin":246810})").status ==
          400);
    CHECK(typed(bench, pin).status == 409);  // no staff card tapped
    const auto logged_in = login(bench, pin);
    REQUIRE(logged_in.status == 200);
    const auto session = itest::parseObject(logged_in.body);
    const std::string token = itest::str(session, "token");
    CHECK(token.size() == 64);
    CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(session.at("expires_in_s") == 300);

    const auto anonymous = itest::httpRequest(bench.ui_port, "GET", "/api/v1/technician/status");
    CHECK(anonymous.status == 401);
    CHECK(errorCode(anonymous) == "technician_login_required");
    CHECK(asTechnician(bench, "GET", "/api/v1/technician/status", std::string(64, 'a')).status == 401);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/technician/test-print").status == 401);

    const auto reply = asTechnician(bench, "GET", "/api/v1/technician/status", token);
    REQUIRE(reply.status == 200);
    const auto status = itest::parseObject(reply.body);
    CHECK(itest::str(status, "kiosk_id") == "itest-k01");
    CHECK(itest::str(status, "version") == "0.1.0");
    CHECK(status.at("uptime_s").as_int64() >= 0);
    CHECK(itest::str(status, "now").ends_with("+08:00"));
    json::object printer;
    json::object calendar;
    for (const auto& d : status.at("devices").as_array()) {
        if (itest::str(d.as_object(), "device") == "printer") printer = d.as_object();
        if (itest::str(d.as_object(), "device") == "calendar") calendar = d.as_object();
    }
    CHECK(calendar.at("health") == "ok");  // the test hall's calendar_years run to 2035
    CHECK(printer.at("health") == "ok");
    CHECK(printer.at("code") == "ok");
    CHECK(printer.contains("detail"));
    CHECK(itest::str(printer, "since").ends_with("+08:00"));
    CHECK(status.at("recent_faults").is_array());
    CHECK(status.at("outbox").at("pending").is_int64());

    const auto before = bench.printedTickets().size();
    const auto printed = asTechnician(bench, "POST", "/api/v1/technician/test-print", token);
    CHECK(printed.status == 200);
    CHECK(printed.body == R"({"printed":true})");
    for (int i = 0; i < 100 && bench.printedTickets().size() == before; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(bench.printedTickets().size() == before + 1);
    // Not a ticket: the first real ticket of the day is still A001.
    CHECK(itest::str(itest::parseObject(bench.postTicket("commercial", "after-test").body), "number") ==
          "A001");

    CHECK(asTechnician(bench, "DELETE", "/api/v1/technician/session", token).status == 204);
    CHECK(asTechnician(bench, "GET", "/api/v1/technician/status", token).status == 401);
}

TEST_CASE("a test print while the paper is out answers like a ticket would, and prints nothing") {
    itest::Bench bench;
    startWithPin(bench);
    const std::string token = itest::str(itest::parseObject(login(bench, pin).body), "token");
    const auto before = bench.printedTickets().size();
    REQUIRE(bench.ctl("paper out") == 0);
    itest::HttpResult refused;
    for (int i = 0; i < 40 && refused.status != 503; ++i) {
        refused = asTechnician(bench, "POST", "/api/v1/technician/test-print", token);
        if (refused.status != 503) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(refused.status == 503);
    CHECK(errorCode(refused) == "printer_out_of_paper");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(bench.printedTickets().size() == before);

    // The device reporter looks once a second: the fault is the newest of the recent ones soon after.
    json::object newest;
    for (int i = 0; i < 30 && newest.empty(); ++i) {
        const auto status =
            itest::parseObject(asTechnician(bench, "GET", "/api/v1/technician/status", token).body);
        const auto& faults = status.at("recent_faults").as_array();
        if (!faults.empty() && faults[0].at("code") == "printer_out_of_paper") {
            newest = faults[0].as_object();
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    REQUIRE_FALSE(newest.empty());
    CHECK(newest.at("device") == "printer");
    CHECK(newest.at("health") == "critical");
    CHECK(itest::str(newest, "at").ends_with("+08:00"));
    CHECK_FALSE(itest::str(newest, "detail").empty());
}

TEST_CASE("without a technician PIN the technician screen is off") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto off = typed(bench, pin);
    CHECK(off.status == 404);
    CHECK(errorCode(off) == "technician_disabled");
}
