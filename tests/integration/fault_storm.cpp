// The fault storm: a workload thread against yicid, SIGKILL at a random moment, restart, checks.
#include "fault_storm.hpp"

#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>

#include "harness.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

namespace yici::itest {
namespace {

using namespace std::chrono_literals;

// A database of an older schema: the first `steps` migrations of this build, as an older yicid left it.
void makeOldDatabase(const std::filesystem::path& file, std::size_t steps) {
    auto db = store::Database::open(file);
    auto migrated = db ? store::migrate(*db, store::schemaMigrations().first(steps))
                       : Expected<void>(std::unexpected(db.error()));
    if (!migrated) throw std::runtime_error("an older database: " + migrated.error().message);
}

const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};

// What the citizens were told: the tickets and registrations yicid answered 201 for.
struct Accepted {
    std::mutex mutex;
    std::map<std::string, std::string> tickets;  // number → idempotency key
    std::set<std::string> registration_codes;
    std::map<int, int> refused;  // by HTTP status
};

// Takes tickets (and, with `preregister`, pre-registers without a card) until `stop`.
void workload(Bench& bench, Accepted& accepted, const std::atomic<bool>& stop, bool preregister, int round) {
    for (int i = 0; !stop; ++i) {
        const std::string key = "storm-" + std::to_string(round) + "-" + std::to_string(i);
        if (!preregister) {
            const auto reply = bench.postTicket(i % 2 == 0 ? "commercial" : "real_estate", key);
            std::lock_guard lock(accepted.mutex);
            if (reply.status == 201) {
                accepted.tickets[std::string(boost::json::parse(reply.body).at("number").as_string())] = key;
            } else {
                ++accepted.refused[reply.status];
            }
            if (reply.status == 0) std::this_thread::sleep_for(10ms);  // dead: no busy loop until it stops
            continue;
        }
        const auto post = [&](const std::string& path, const std::string& body) {
            return httpRequest(bench.ui_port, "POST", path, body, json);
        };
        HttpResult step = post("/api/v1/session/no-card", "{}");
        if (step.status == 200)
            step = post("/api/v1/session/service", R"({"service_id":"hr-contribution-certificate"})");
        if (step.status == 200) step = post("/api/v1/session/materials", R"({"have":[]})");
        if (step.status == 200) step = post("/api/v1/session/details", R"({"mobile":"13800138000"})");
        if (step.status == 200) step = post("/api/v1/registrations", "{}");
        std::lock_guard lock(accepted.mutex);
        if (step.status == 201) {
            accepted.registration_codes.emplace(
                boost::json::parse(step.body).at("registration").at("code").as_string());
        } else {
            ++accepted.refused[step.status];
            if (!stop) std::this_thread::sleep_for(20ms);  // a session another round left open ends first
        }
    }
}

// The promises checked after every restart.
void checkStore(Bench& bench, Accepted& accepted, std::vector<std::string>& violations, int round) {
    const auto db = bench.data_dir / "yici.db";
    const auto note = [&](const std::string& what) {
        violations.push_back("round " + std::to_string(round) + ": " + what);
    };
    if (const auto check = queryValue(db, "PRAGMA integrity_check"); check != "ok")
        note("integrity_check: " + check);
    if (const auto printing = queryValue(db, "SELECT count(*) FROM tickets WHERE status = 'printing'");
        printing != "0")
        note(printing + " ticket(s) still 'printing' after the restart");
    std::set<std::string> printed;
    for (const auto& row : queryRows(db, "SELECT number FROM tickets WHERE status = 'printed'"))
        printed.insert(row[0]);
    std::set<std::string> codes;
    for (const auto& row : queryRows(db, "SELECT code FROM registrations")) codes.insert(row[0]);
    std::lock_guard lock(accepted.mutex);
    for (const auto& [number, key] : accepted.tickets)
        if (!printed.contains(number))
            note("ticket " + number + " (" + key + ") was answered 201 but is not printed");
    for (const auto& code : accepted.registration_codes)
        if (!codes.contains(code)) note("registration " + code + " was answered 201 but is gone");
}

}  // namespace

FaultStormReport runFaultStorm(int kills, std::uint32_t seed) {
    const auto started = std::chrono::steady_clock::now();
    FaultStormReport report;
    std::mt19937 random(seed);
    Bench bench;
    bench.addBoardKey("privacy", "retention_h = 0");  // the purge runs at every start, right after delivery
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    Accepted accepted;
    const std::filesystem::path main_data = bench.data_dir;
    for (int round = 0; round < kills; ++round) {
        const int kind = round % 4;  // tickets, pre-registrations, delivery, migration
        if (kind == 3) {
            // On a database an older yicid left: the kill may land inside a migration step.
            bench.stopYicid(SIGTERM);
            bench.data_dir = bench.dir / ("migrating-" + std::to_string(round));
            std::filesystem::create_directories(bench.data_dir);
            const auto steps =
                std::uniform_int_distribution<std::size_t>(1, store::schemaMigrations().size() - 1)(random);
            makeOldDatabase(bench.data_dir / "yici.db", steps);
            bench.yicid = std::make_unique<Process>(
                std::vector<std::string>{paths().yicid, "--board", bench.board.string(), "--data-dir",
                                         bench.data_dir.string()},
                bench.dir / "yicid.log");
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 150)(random)));
            bench.stopYicid(SIGKILL);
            ++report.migration_kills;
            ++report.kills;
            bench.startYicid();
            const auto db = bench.data_dir / "yici.db";
            if (const auto version = queryValue(db, "PRAGMA user_version");
                version != std::to_string(store::schemaMigrations().size()))
                report.violations.push_back("round " + std::to_string(round) + ": user_version " + version +
                                            " after a migration was cut short");
            if (const auto check = queryValue(db, "PRAGMA integrity_check"); check != "ok")
                report.violations.push_back("round " + std::to_string(round) + ": integrity_check " + check);
            bench.stopYicid(SIGTERM);
            bench.data_dir = main_data;
            bench.startYicid();
            continue;
        }
        const char* modes[] = {"ok", "slow 300", "down"};
        bench.hallMode(kind == 2 ? "slow 300" : modes[std::uniform_int_distribution<int>(0, 2)(random)]);
        std::atomic<bool> stop{false};
        std::thread citizens([&] { workload(bench, accepted, stop, kind == 1, round); });
        std::this_thread::sleep_for(
            std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 700)(random)));
        bench.stopYicid(SIGKILL);
        ++report.kills;
        stop = true;
        citizens.join();
        bench.startYicid();
        checkStore(bench, accepted, report.violations, round);
    }
    // The hall's record: every committed record once, in order, whatever it saw twice.
    bench.hallMode("ok");
    const auto db = bench.data_dir / "yici.db";
    for (int i = 0; i < 600; ++i) {
        if (queryValue(
                db, "SELECT count(*) FROM outbox WHERE acked_at IS NULL AND type != 'device_health'") == "0")
            break;
        std::this_thread::sleep_for(100ms);
    }
    std::vector<std::string> committed;
    for (const auto& row : queryRows(db, "SELECT id FROM outbox WHERE type != 'device_health' ORDER BY seq"))
        committed.push_back(row[0]);
    std::vector<std::string> first_arrivals;
    std::set<std::string> seen;
    for (const auto& id : bench.hallReceived()) {
        if (id.starts_with("device/")) continue;
        ++report.events_received;
        if (seen.insert(id).second) first_arrivals.push_back(id);
    }
    if (first_arrivals != committed) {
        report.violations.push_back(
            "the hall's de-duplicated records (" + std::to_string(first_arrivals.size()) +
            ") differ from the committed ones (" + std::to_string(committed.size()) + ")");
    }
    report.events_committed = committed.size();
    report.kept_unknown =
        std::stoll(queryValue(db, "SELECT count(*) FROM tickets WHERE print_outcome = 'unknown'"));
    report.tickets_accepted = static_cast<int>(accepted.tickets.size());
    report.registrations_accepted = static_cast<int>(accepted.registration_codes.size());
    report.refused = accepted.refused;
    bench.stopYicid(SIGTERM);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace yici::itest
