// Events the kiosk holds back instead of losing: rejected by the hall one by one, refused with HTTP 400,
// or a registration whose sealed fields cannot be opened. They stay pending, named on /health and in
// metrics, and never stop the other records reaching the hall. A kiosk without a hall server holds nothing.
#include <doctest/doctest.h>

#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "citizen_flow.hpp"
#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;
namespace json = boost::json;

namespace {

// A pre-registration of the resident test card; returns its outbox event id.
std::string registerResident(itest::Bench& bench) {
    itest::tap(bench, "resident");
    itest::fillIn(bench, "re-transfer", R"({"have":["id_card","id_card_copy"]})",
                  R"({"mobile":"13912345678","fields":{"property_certificate_no":"2026001234567"}})");
    const auto created = itest::post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(created.status == 201, created.body);
    return std::string(parseObject(created.body).at("registration").at("id").as_string()) + "/created";
}

// Waits until /health's outbox holds `count` events for `reason`; returns the last /health seen.
// /health once `count` events are held for `reason` and, with `rest_delivered`, every other event has reached
// the hall (the held ones may be counted before the last batch is through).
json::object waitForHeld(itest::Bench& bench, const std::string& reason, std::int64_t count,
                         bool rest_delivered = false) {
    json::object health;
    for (int i = 0; i < 300; ++i) {
        health = parseObject(bench.health().body);
        const auto& outbox = health.at("outbox").as_object();
        const auto& held = outbox.at("held").as_object();
        if (held.contains(reason) && held.at(reason).as_int64() == count &&
            (!rest_delivered || outbox.at("pending").as_int64() == count))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return health;
}

bool received(const itest::Bench& bench, const std::string& id) {
    const auto ids = bench.hallReceived();
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Whether the registration's sealed personal fields are still in the database.
bool sealedKept(const itest::Bench& bench) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((bench.data_dir / "yici.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM registrations WHERE pii IS NOT NULL", -1, &stmt,
                               nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    const bool kept = sqlite3_column_int(stmt, 0) == 1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return kept;
}

}  // namespace

TEST_CASE("a registration the hall rejects stays on the kiosk with the hall's reason; the tickets go on") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    REQUIRE(bench.hallMode("reject registration_created") == 200);
    const std::string registration = registerResident(bench);
    std::string ticket;
    for (int i = 0; i < 3; ++i) {
        const auto t = bench.postTicket("commercial", "after-" + std::to_string(i));
        REQUIRE(t.status == 201);
        ticket = std::string(parseObject(t.body).at("id").as_string()) + "/issued";
    }
    REQUIRE(itest::waitUntil([&] { return received(bench, ticket); }, std::chrono::seconds(30)));
    const auto health = waitForHeld(bench, "hall_rejected", 1, true);
    CHECK(health.at("outbox").at("held").at("hall_rejected") == 1);
    CHECK(health.at("outbox").at("pending") == 1);  // only the rejected one is left
    CHECK(health.at("status") == "degraded");       // the hall's operator sees it
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(metrics.find("yici_outbox_held{reason=\"hall_rejected\"} 1") != std::string::npos);
    CHECK(sealedKept(bench));  // not delivered: the personal fields are not purged
    bench.stopYicid(SIGTERM);
    CHECK(itest::readAll(bench.dir / "yicid.log").find("未知事项") != std::string::npos);  // the hall's words
}

TEST_CASE("HTTP 400 to a batch: the kiosk finds the event the hall refuses and holds only that one") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    REQUIRE(bench.hallMode("down") == 200);
    const auto first = bench.postTicket("commercial", "before");
    REQUIRE(first.status == 201);
    registerResident(bench);
    const auto last = bench.postTicket("commercial", "after");
    REQUIRE(last.status == 201);
    REQUIRE(bench.hallMode("refuse registration_created") == 200);
    const auto first_id = std::string(parseObject(first.body).at("id").as_string()) + "/issued";
    const auto last_id = std::string(parseObject(last.body).at("id").as_string()) + "/issued";
    REQUIRE(itest::waitUntil([&] { return received(bench, first_id) && received(bench, last_id); },
                             std::chrono::seconds(30)));
    const auto health = waitForHeld(bench, "hall_refused", 1, true);
    CHECK(health.at("outbox").at("held").at("hall_refused") == 1);
    CHECK(health.at("outbox").at("pending") == 1);
}

TEST_CASE("a registration whose sealed fields cannot be opened is held, never sent without them") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    REQUIRE(bench.hallMode("down") == 200);
    const std::string registration = registerResident(bench);
    bench.stopYicid(SIGTERM);
    // The key was replaced (a technician restored the wrong file): a valid key, but not the one that sealed.
    std::ofstream(bench.data_dir / "pii.key", std::ios::binary | std::ios::trunc) << std::string(32, '\x5a');
    bench.startYicid();
    REQUIRE(bench.hallMode("ok") == 200);
    const auto health = waitForHeld(bench, "personal_fields_unreadable", 1);
    CHECK(health.at("outbox").at("held").at("personal_fields_unreadable") == 1);
    CHECK(health.at("status") == "degraded");
    CHECK_FALSE(
        received(bench, registration));  // the hall would have acked it, the purge erased the only copy
    CHECK(sealedKept(bench));
}

TEST_CASE(
    "a kiosk without a hall server queues nothing for one: no backlog on /health, the audit keeps all") {
    itest::Bench bench;  // [hall] url = "": a standalone kiosk
    bench.startDevsim();
    bench.startYicid();
    registerResident(bench);
    REQUIRE(bench.postTicket("commercial", "tap-standalone").status == 201);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((bench.data_dir / "yici.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    const auto count = [db](const char* sql) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        const int n = sqlite3_column_int(stmt, 0);
        sqlite3_finalize(stmt);
        return n;
    };
    // Nothing waits for a hall that does not exist, and nothing says there is a backlog.
    CHECK(itest::waitUntil([&] { return count("SELECT count(*) FROM outbox WHERE acked_at IS NULL") == 0; }));
    CHECK(itest::waitUntil([&] {
        const auto outbox = parseObject(bench.health().body).at("outbox").as_object();
        return outbox.at("pending").as_int64() == 0 && outbox.at("oldest_age_s").as_int64() == 0;
    }));
    CHECK(count("SELECT count(*) FROM audit WHERE action IN ('ticket_issued', 'registration_created')") >= 3);
    sqlite3_close(db);
}
