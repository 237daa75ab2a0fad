// The technician screen's API without a socket: the PIN login and its lock, every other route refused
// without the login's token, the kiosk's state with the technical details, the test print, and logout.
#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "api/api_bench.hpp"
#include "api/staff_print_api.hpp"
#include "api/technician_api.hpp"
#include "hall/device_reporter.hpp"
#include "store/outbox_store.hpp"
#include "store/paper_roll_store.hpp"

using namespace yici;
using namespace std::chrono_literals;
using testing::errorOf;
using testing::jsonOf;
using testing::request;
using testing::withToken;
namespace bhttp = boost::beast::http;

namespace {

// yicictl pin-hash of 246810.
constexpr const char* known_pin_hash =
    "$argon2id$v=19$m=65536,t=2,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA";

// Two registered staff cards (privacy::Vault::staffCardKey of their numbers) and one that is not.
const std::string staff_a(32, 'a');
const std::string staff_b(32, 'b');
const std::string stranger(32, 'c');

struct TechnicianBench : testing::ApiBench {
    std::chrono::steady_clock::time_point steady_now{std::chrono::hours(1000)};
    api::TechnicianAuth auth{
        known_pin_hash, {{staff_a, "S001"}, {staff_b, "S002"}}, [this] { return steady_now; }};
    store::PinAttemptStore attempts{db.db()};
    store::OutboxStore outbox{db.db()};
    const api::StatusMetrics status_metrics{metrics};
    api::StatusApi status{.metrics = status_metrics};
    const api::WindowApi desk{.store_executor = io.get_executor(),
                              .queue = queue_store,
                              .hall = hall,
                              .clock = clock,
                              .status = status};
    hall::DeviceReporter reporter{io.get_executor(), io.get_executor(), outbox, status.devices, clock};
    const api::TechnicianApi technician = technicianWith(auth);
    http::Router router;

    TechnicianBench() {
        status.kiosk_id = "test-k01";
        status.version = "1.2.3";
        status.started = std::chrono::steady_clock::now();
        status.devices = devices;
        api::addTechnicianRoutes(router, technician);
    }

    // The technician API of this bench with another login state (another process, another board).
    api::TechnicianApi technicianWith(api::TechnicianAuth& other) {
        return {.store_executor = io.get_executor(),
                .check_executor = io.get_executor(),
                .attempts = attempts,
                .auth = other,
                .status = status,
                .devices = reporter,
                .tickets = tickets,
                .clock = clock,
                .desk = desk};
    }

    // The PIN typed after a tap of `card` (none: typed without a tap).
    http::Response login(std::string pin, const std::string& card = staff_a) {
        if (!card.empty()) auth.tapStaffCard(card);
        return typed(std::move(pin));
    }
    http::Response typed(std::string pin) {
        const auto req =
            request(bhttp::verb::post, "/api/v1/technician/login", R"({"pin":")" + pin + R"("})");
        return testing::run(io, api::handleTechnicianLoginPost(technician, req));
    }
    void after(std::chrono::seconds wait) { clock.set(clock.now() + wait); }
    std::string token() {
        const auto response = login("246810");
        REQUIRE(response.result_int() == 200);
        return std::string(jsonOf(response).at("token").as_string());
    }
    // Through the routes, as the screen calls them.
    http::Response call(bhttp::verb method, std::string target, std::string token = "") {
        return testing::run(io, router.dispatch(withToken(request(method, std::move(target)), token)));
    }
};

}  // namespace

TEST_CASE("the right PIN gets a bearer token valid for 300 s") {
    TechnicianBench b;
    const auto response = b.login("246810");
    REQUIRE(response.result_int() == 200);
    const auto body = jsonOf(response);
    CHECK(body.at("token").as_string().size() == 64);
    CHECK(body.at("expires_in_s") == 300);
}

TEST_CASE("a wrong PIN is 401; the fifth in a row starts a 30 s back-off that refuses even the right PIN") {
    TechnicianBench b;
    for (int i = 0; i < api::TechnicianAuth::free_wrong_pins; ++i) {
        const auto wrong = b.login("000000");
        CHECK(wrong.result_int() == 401);
        CHECK(errorOf(wrong).at("code") == "technician_pin_wrong");
        CHECK_FALSE(errorOf(wrong).contains("retry_after_s"));
    }
    const auto fifth = b.login("000000");
    CHECK(fifth.result_int() == 401);
    CHECK(errorOf(fifth).at("retry_after_s") == 30);
    CHECK(fifth[bhttp::field::retry_after] == "30");
    const auto locked = b.login("246810");  // not checked during the wait
    CHECK(locked.result_int() == 429);
    CHECK(errorOf(locked).at("code") == "technician_locked");
    CHECK(errorOf(locked).at("retry_after_s") == 30);
    CHECK(locked[bhttp::field::retry_after] == "30");
    b.after(10s);
    for (int i = 0; i < 20; ++i)
        CHECK(b.login("000000").result_int() == 429);  // tries in the wait add nothing
    CHECK(errorOf(b.login("246810")).at("retry_after_s") == 20);
    b.after(20s);
    CHECK(b.login("000000").result_int() == 401);  // checked: wrong again, the wait doubles
    CHECK(errorOf(b.login("246810")).at("retry_after_s") == 60);
}

TEST_CASE("the right PIN ends the back-off, and the back-off is kept in the database") {
    TechnicianBench b;
    for (int i = 0; i < 6; ++i) b.login("000000");  // the sixth comes during the wait: not counted
    auto stored = b.attempts.load(staff_a);
    REQUIRE(stored);
    CHECK(stored->wrong_in_a_row == 5);
    // Another kiosk process (a restart) on the same database: still waiting.
    api::TechnicianAuth restarted{known_pin_hash, {{staff_a, "S001"}}, [&b] { return b.steady_now; }};
    REQUIRE(restarted.tapStaffCard(staff_a));
    const api::TechnicianApi again = b.technicianWith(restarted);
    const auto req = request(bhttp::verb::post, "/api/v1/technician/login", R"({"pin":"246810"})");
    CHECK(testing::run(b.io, api::handleTechnicianLoginPost(again, req)).result_int() == 429);
    b.after(60s);
    CHECK(b.login("246810").result_int() == 200);
    stored = b.attempts.load(staff_a);
    REQUIRE(stored);
    CHECK(*stored == store::PinAttempts{});
    for (int i = 0; i < api::TechnicianAuth::free_wrong_pins; ++i)
        CHECK(b.login("000000").result_int() == 401);
    CHECK(b.login("246810").result_int() == 200);  // four free wrong ones again
}

TEST_CASE(
    "without a staff card tapped within the last minute no PIN is checked, and none counts against staff") {
    TechnicianBench b;
    for (int i = 0; i < 20; ++i) {  // someone at the screen, without a staff card
        const auto refused = b.login(i % 2 == 0 ? "000000" : "246810", "");
        CHECK(refused.result_int() == 409);
        CHECK(errorOf(refused).at("code") == "staff_card_required");
    }
    CHECK_FALSE(b.auth.tapStaffCard(stranger));  // a citizen's card opens nothing
    CHECK(b.typed("246810").result_int() == 409);
    auto stored = b.attempts.load(staff_a);
    REQUIRE(stored);
    CHECK(*stored == store::PinAttempts{});
    // The technician taps their card and is in at once; the tap is used up by the login.
    CHECK(b.login("246810").result_int() == 200);
    CHECK(b.typed("246810").result_int() == 409);
    // A tap lets the PIN be typed for a minute, no longer.
    REQUIRE(b.auth.tapStaffCard(staff_a));
    b.steady_now += api::TechnicianAuth::card_time;
    CHECK(b.typed("246810").result_int() == 409);
}

TEST_CASE(
    "the back-off is per staff card: wrong PINs after one card's tap never keep another staff member out") {
    TechnicianBench b;
    for (int i = 0; i < 5; ++i) CHECK(b.login("000000", staff_a).result_int() == 401);
    CHECK(b.login("246810", staff_a).result_int() == 429);
    const auto other = b.login("246810", staff_b);
    REQUIRE(other.result_int() == 200);
    auto stored = b.attempts.load(staff_b);
    REQUIRE(stored);
    CHECK(*stored == store::PinAttempts{});
    stored = b.attempts.load(staff_a);
    REQUIRE(stored);
    CHECK(stored->wrong_in_a_row == 5);
}

TEST_CASE("a PIN sent while another is being checked is refused, not queued") {
    TechnicianBench b;
    REQUIRE(b.auth.beginCheck());  // as a check on the worker would
    const auto busy = b.login("246810");
    CHECK(busy.result_int() == 429);
    CHECK(errorOf(busy).at("retry_after_s") == 1);
    b.auth.endCheck();
    CHECK(b.login("246810").result_int() == 200);
}

TEST_CASE(
    "a login body that is not {\"pin\": string} is 400, and a kiosk without a PIN refuses every login") {
    TechnicianBench b;
    const auto bad = request(bhttp::verb::post, "/api/v1/technician/login", R"({"pin":246810})");
    CHECK(testing::run(b.io, api::handleTechnicianLoginPost(b.technician, bad)).result_int() == 400);
    api::TechnicianAuth off{"", {{staff_a, "S001"}}, [&b] { return b.steady_now; }};
    const api::TechnicianApi no_pin = b.technicianWith(off);
    const auto req = request(bhttp::verb::post, "/api/v1/technician/login", R"({"pin":""})");
    const auto refused = testing::run(b.io, api::handleTechnicianLoginPost(no_pin, req));
    CHECK(refused.result_int() == 404);
    CHECK(errorOf(refused).at("code") == "technician_disabled");
}

TEST_CASE("status, test print and logout refuse without a login: 401 technician_login_required") {
    TechnicianBench b;
    for (auto [method, target] : {std::pair{bhttp::verb::get, "/api/v1/technician/status"},
                                  std::pair{bhttp::verb::post, "/api/v1/technician/test-print"},
                                  std::pair{bhttp::verb::delete_, "/api/v1/technician/session"}}) {
        for (const std::string token :
             {"", "0000000000000000000000000000000000000000000000000000000000000000"}) {
            const auto refused = b.call(method, target, token);
            CHECK_MESSAGE(refused.result_int() == 401, target);
            CHECK(errorOf(refused).at("code") == "technician_login_required");
            CHECK(refused[bhttp::field::www_authenticate] == "Bearer");
        }
    }
    CHECK(b.printer.attempts == 0);
}

TEST_CASE("a token lapses after 300 s without use, and logout ends it at once") {
    TechnicianBench b;
    const std::string token = b.token();
    CHECK(b.call(bhttp::verb::get, "/api/v1/technician/status", token).result_int() == 200);
    b.steady_now += 299s;
    CHECK(b.call(bhttp::verb::get, "/api/v1/technician/status", token).result_int() == 200);  // used: renewed
    b.steady_now += 301s;
    CHECK(b.call(bhttp::verb::get, "/api/v1/technician/status", token).result_int() == 401);
    const std::string next = b.token();
    CHECK(api::handleTechnicianLogout(
              b.technician, withToken(request(bhttp::verb::delete_, "/api/v1/technician/session"), next))
              .result_int() == 204);
    CHECK(b.call(bhttp::verb::get, "/api/v1/technician/status", next).result_int() == 401);
}

TEST_CASE("the technician's status shows each device's detail and the recent faults, never personal data") {
    TechnicianBench b;
    b.reader.place(testing::residentCard());  // a citizen at the kiosk meanwhile
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_cover_open, "DLE EOT 2: 0x04");
    REQUIRE(b.reporter.poll().size() == 1);
    b.status.outbox = [] { return api::OutboxStatus{2, 15, false, {}}; };
    const auto response = api::handleTechnicianStatusGet(
        b.technician, withToken(request(bhttp::verb::get, "/api/v1/technician/status"), b.token()));
    REQUIRE(response.result_int() == 200);
    const auto body = jsonOf(response);
    CHECK(body.at("kiosk_id") == "test-k01");
    CHECK(body.at("version") == "1.2.3");
    CHECK(body.at("now") == "2026-11-27T10:00:00+08:00");
    const auto& devices = body.at("devices").as_array();
    REQUIRE(devices.size() == 3);
    CHECK(devices[0].at("device") == "printer");
    CHECK(devices[0].at("code") == "printer_cover_open");
    CHECK(devices[0].at("detail") == "DLE EOT 2: 0x04");  // the technician sees what the citizen does not
    const auto& faults = body.at("recent_faults").as_array();
    REQUIRE(faults.size() == 1);
    CHECK(faults[0].at("device") == "printer");
    CHECK(faults[0].at("at") == "2026-11-27T10:00:00+08:00");
    CHECK(body.at("outbox").at("pending") == 2);
    const std::string text = boost::json::serialize(body);
    for (const char* personal : {"张三", "330324198506121230", "县前路"})
        CHECK_MESSAGE(text.find(personal) == std::string::npos, personal);
}

TEST_CASE("a test print answers 200 printed, or the printer's fault with its citizen text and status") {
    TechnicianBench b;
    const auto req = withToken(request(bhttp::verb::post, "/api/v1/technician/test-print"), b.token());
    const auto printed = testing::run(b.io, api::handleTestPrintPost(b.technician, req));
    CHECK(printed.result_int() == 200);
    CHECK(jsonOf(printed) == boost::json::object{{"printed", true}});
    CHECK(b.printer.printed.size() == 1);
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper);
    const auto refused = testing::run(b.io, api::handleTestPrintPost(b.technician, req));
    CHECK(refused.result_int() == 503);
    CHECK(errorOf(refused).at("code") == "printer_out_of_paper");
    CHECK(b.today().empty());  // a test print is never a ticket
}

TEST_CASE(
    "the staff member logged in after their card's tap confirms a claimed priority, under their staff id") {
    TechnicianBench b;
    ticket::TicketRequest claimed;
    claimed.service_id = "commercial";
    claimed.claim = ticket::Claim::priority;
    REQUIRE(testing::run(b.io, b.tickets.issue(claimed)).has_value());  // A001
    const std::string target = "/api/v1/technician/tickets/A001/confirm-priority";
    CHECK(b.call(bhttp::verb::post, target).result_int() == 401);  // no login
    const std::string token = b.token();                           // after staff_a's tap: S001
    const auto confirmed = b.call(bhttp::verb::post, target, token);
    REQUIRE(confirmed.result_int() == 200);
    CHECK(jsonOf(confirmed).at("priority") == "confirmed");
    CHECK(errorOf(b.call(bhttp::verb::post, target, token)).at("code") == "no_priority_claim");
    CHECK(errorOf(b.call(bhttp::verb::post, "/api/v1/technician/tickets/A009/confirm-priority", token))
              .at("code") == "unknown_ticket");
    auto audit = b.db.db().prepare("SELECT actor FROM audit WHERE action = 'priority_confirmed'");
    REQUIRE(audit);
    REQUIRE(audit->step() == true);
    CHECK(audit->text(0) == "staff:S001");
}

namespace {

ticket::TicketRequest commercial() {
    ticket::TicketRequest request;
    request.service_id = "commercial";
    return request;
}

}  // namespace

TEST_CASE("a reprint keeps the number, is marked and counted, and is for staff only") {
    TechnicianBench b;
    REQUIRE(testing::run(b.io, b.tickets.issue(commercial())).has_value());  // A001
    const std::string target = "/api/v1/technician/tickets/A001/reprint";
    CHECK(b.call(bhttp::verb::post, target).result_int() == 401);
    CHECK(b.printer.printed.size() == 1);
    const std::string token = b.token();
    const auto reprinted = b.call(bhttp::verb::post, "/api/v1/technician/tickets/a001/reprint", token);
    REQUIRE(reprinted.result_int() == 200);
    CHECK(jsonOf(reprinted) ==
          boost::json::object{
              {"id", "20261127-A001"}, {"number", "A001"}, {"status", "printed"}, {"reprints", 1}});
    REQUIRE(b.printer.printed.size() == 2);
    CHECK(b.printer.printed[1].height > b.printer.printed[0].height);  // the 补打 mark and its time on top
    auto event = b.db.db().prepare("SELECT data FROM outbox WHERE type = 'ticket_reprinted'");
    REQUIRE(*event->step());
    CHECK(event->text(0) == R"({"ticket_id":"20261127-A001","number":"A001","reprints":1,)"
                            R"("reprinted_at":"2026-11-27T10:00:00+08:00","by":"technician"})");
    CHECK(b.metrics.render().find(R"(yici_tickets_reprinted_total{category="commercial"} 1)") !=
          std::string::npos);
    CHECK(errorOf(b.call(bhttp::verb::post, "/api/v1/technician/tickets/A009/reprint", token)).at("code") ==
          "reprint_no_such_ticket");
    CHECK(errorOf(b.call(bhttp::verb::post, "/api/v1/technician/tickets/A00000000000000001/reprint", token))
              .at("code") == "bad_request");
    b.printer.failNextPrint(hal::Errc::printer_jam);
    REQUIRE_FALSE(testing::run(b.io, b.tickets.issue(commercial())).has_value());  // A002 voided
    const auto voided = b.call(bhttp::verb::post, "/api/v1/technician/tickets/A002/reprint", token);
    CHECK(voided.result_int() == 409);
    CHECK(errorOf(voided).at("code") == "reprint_not_printed");
    // A failed reprint records nothing.
    b.printer.failNextPrint(hal::Errc::printer_out_of_paper);
    CHECK(errorOf(b.call(bhttp::verb::post, target, token)).at("code") == "printer_out_of_paper");
    CHECK((*b.store.findById("20261127-A001"))->reprints == 1);
}

TEST_CASE("yicictl's reprint on the status listener needs the technician's token, as the self-test does") {
    TechnicianBench b;
    REQUIRE(testing::run(b.io, b.tickets.issue(commercial())).has_value());
    const api::StaffPrintApi reprints{.status = b.status, .tickets = b.tickets};
    const auto post = [&](const std::string& token) {
        return testing::run(b.io, api::handleReprintPost(reprints, "A001",
                                                         withToken(request(bhttp::verb::post, "/x"), token)));
    };
    CHECK(post("").result_int() == 200);  // loopback, no token at all
    b.status.token = "hall-polling-token";
    const auto disabled = post("hall-polling-token");  // the hall's token reads, never prints
    CHECK(disabled.result_int() == 403);
    CHECK(jsonOf(disabled).at("error") == "staff_print_disabled");
    b.status.selftest_token = "technician-token";
    CHECK(post("hall-polling-token").result_int() == 401);
    const auto done = post("technician-token");
    REQUIRE(done.result_int() == 200);
    CHECK(jsonOf(done).at("reprints") == 2);
    auto by =
        b.db.db().prepare("SELECT actor FROM audit WHERE action = 'ticket_reprinted' ORDER BY seq DESC");
    REQUIRE(*by->step());
    CHECK(by->text(0) == "yicictl");
}

TEST_CASE("a new paper roll is confirmed by staff only, and only on a board that counts its roll") {
    TechnicianBench b;
    const std::string target = "/api/v1/technician/printer/new-roll";
    CHECK(b.call(bhttp::verb::post, target).result_int() == 401);
    const auto uncounted = b.call(bhttp::verb::post, target, b.token());
    CHECK(uncounted.result_int() == 409);
    CHECK(jsonOf(uncounted).at("error") == "paper_roll_not_counted");

    store::PaperRollStore rolls{b.db.db()};
    ticket::PaperRoll roll({.store_executor = b.io.get_executor(),
                            .store = rolls,
                            .metrics = b.metrics,
                            .clock = b.clock,
                            .length_m = 80,
                            .warning_ratio = 0.1,
                            .loaded = {.used_rows = 320'000, .cuts = 400, .started_unix = 0}});  // 40 m used
    const api::StaffPrintApi staff{.status = b.status, .tickets = b.tickets, .paper = &roll};
    b.status.token = "hall-polling-token";
    b.status.selftest_token = "technician-token";
    const auto post = [&](const std::string& token) {
        return testing::run(
            b.io, api::handleNewRollPost(staff, withToken(request(bhttp::verb::post, "/x"), token)));
    };
    CHECK(post("hall-polling-token").result_int() == 401);
    CHECK(roll.remainingRatio() == doctest::Approx(0.5));
    const auto done = post("technician-token");
    REQUIRE(done.result_int() == 200);
    CHECK(jsonOf(done).at("paper_roll") ==
          boost::json::object{{"remaining_ratio", 1.0}, {"remaining_m", 80.0}, {"length_m", 80.0}});
    CHECK(*rolls.load() == store::PaperRollState{.used_rows = 0, .cuts = 0, .started_unix = 1795744800});
}
