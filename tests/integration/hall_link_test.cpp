// The kiosk and the hall server: every record reaches the hall exactly once, in order, through an outage,
// a misbehaving hall and kill -9 of yicid.
#include <doctest/doctest.h>

#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

namespace {

// The outbox ids of records (not device health) in the order the kiosk wrote them, from its database.
std::vector<std::string> committedEvents(const itest::Bench& bench) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((bench.data_dir / "yici.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM outbox WHERE type != 'device_health' ORDER BY seq", -1,
                               &stmt, nullptr) == SQLITE_OK);
    std::vector<std::string> ids;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return ids;
}

std::int64_t pending(itest::Bench& bench) {
    return parseObject(bench.health().body).at("outbox").at("pending").as_int64();
}

// Waits until /health says nothing is pending.
bool drained(itest::Bench& bench, std::chrono::seconds limit) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(1100));  // /health's count is refreshed every second
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pending(bench) == 0) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

// The record events the hall received (device health changes left out), in arrival order.
std::vector<std::string> recordsReceived(const itest::Bench& bench) {
    std::vector<std::string> out;
    for (const auto& id : bench.hallReceived())
        if (!id.starts_with("device/")) out.push_back(id);
    return out;
}

// The first arrival of each id, in arrival order: what the hall's de-duplicated queue holds.
std::vector<std::string> firstArrivals(const std::vector<std::string>& received) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const auto& id : received)
        if (seen.insert(id).second) out.push_back(id);
    return out;
}

// The numbers the hall double gave and did not void: its queue.
std::set<std::string> hallQueue(const itest::Bench& bench) {
    std::set<std::string> numbers;
    const auto queue = parseObject(itest::httpRequest(bench.hall_control_port, "GET", "/queue").body);
    for (const auto& number : queue.at("numbers").as_array()) numbers.emplace(number.as_string());
    return numbers;
}

}  // namespace

TEST_CASE("200 tickets during a hall outage reach the hall exactly once and in order when it is back") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    REQUIRE(bench.hallMode("down") == 200);
    bench.startYicid();
    std::set<std::string> numbers;
    for (int i = 0; i < 200; ++i) {
        const auto reply =
            bench.postTicket(i % 2 == 0 ? "commercial" : "social_security", "t-" + std::to_string(i));
        REQUIRE_MESSAGE(reply.status == 201, reply.body);  // the hall being down never stops issuing
        const auto ticket = parseObject(reply.body);
        CHECK(ticket.at("offline") == true);
        numbers.insert(itest::str(ticket, "number"));
    }
    CHECK(numbers.size() == 200);       // no duplicates
    CHECK(numbers.contains("K1A001"));  // this kiosk's offline prefix: never a hall number
    CHECK(numbers.contains("K1C100"));
    for (int i = 0; i < 30 && pending(bench) < 200; ++i)  // /health refreshes its count every second
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(pending(bench) >= 200);  // the tickets, and the devices coming up at start
    CHECK(recordsReceived(bench).empty());

    REQUIRE(bench.hallMode("ok") == 200);
    REQUIRE(drained(bench, std::chrono::seconds(40)));
    const auto committed = committedEvents(bench);
    REQUIRE(committed.size() == 200);
    const auto received = recordsReceived(bench);
    CHECK(received == committed);  // exactly once each, in the order they were written
    const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;

    CHECK(metrics.find("yici_outbox_pending 0") != std::string::npos);
}

TEST_CASE(
    "kill -9 twice during delivery: the hall's de-duplicated events equal the committed ones, in order") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    REQUIRE(bench.hallMode("down") == 200);
    bench.startYicid();
    for (int i = 0; i < 200; ++i)
        REQUIRE(
            bench.postTicket(i % 3 == 0 ? "commercial" : "real_estate", "k-" + std::to_string(i)).status ==
            201);
    // A slow hall: the kiosk is killed while batches are on the wire, so the hall may see some ids twice.
    REQUIRE(bench.hallMode("slow 400") == 200);
    for (int kill = 0; kill < 2; ++kill) {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        bench.stopYicid(SIGKILL);
        bench.startYicid();
    }
    REQUIRE(bench.hallMode("ok") == 200);
    REQUIRE(drained(bench, std::chrono::seconds(40)));
    const auto committed = committedEvents(bench);
    REQUIRE(committed.size() == 200);
    const auto received = recordsReceived(bench);
    CHECK(firstArrivals(received) == committed);
    CHECK(received.size() >= committed.size());  // repeats only of ids already sent: same id, same event
}

TEST_CASE("a hall that answers garbage, errors, partial, duplicate or foreign acks loses nothing") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    int issued = 0;
    // Each bad answer is seen (its failure counted) before the next mode; the good-but-odd ones drain.
    const std::pair<const char*, const char*> modes[] = {{"garbage", "hall_bad_answer"},
                                                         {"error", "hall_http_error"},
                                                         {"partial", nullptr},
                                                         {"duplicate", nullptr},
                                                         {"foreign", nullptr}};
    for (const auto& [mode, failure] : modes) {
        CAPTURE(mode);
        REQUIRE(bench.hallMode(mode) == 200);
        for (int i = 0; i < 10; ++i)
            REQUIRE(bench.postTicket("commercial", std::string(mode) + std::to_string(i)).status == 201);
        issued += 10;
        if (failure != nullptr) {
            const std::string series = std::string("yici_outbox_failures_total{reason=\"") + failure + "\"}";
            bool seen = false;
            for (int i = 0; i < 400 && !seen; ++i) {  // the backoff may be waiting: up to 40 s
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                seen = itest::httpRequest(bench.status_port, "GET", "/metrics").body.find(series) !=
                       std::string::npos;
            }
            CHECK(seen);
        } else {
            CHECK(drained(bench, std::chrono::seconds(40)));
        }
        const auto health = parseObject(bench.health().body);
        CHECK(health.at("status") != "down");  // the hall's mistakes never stop the kiosk
    }
    REQUIRE(bench.hallMode("ok") == 200);
    REQUIRE(drained(bench, std::chrono::seconds(60)));
    const auto committed = committedEvents(bench);
    // Each ticket, and a ticket_abandoned for each whose number the garbage or the HTTP 500 left unsure.
    CHECK(std::ranges::count_if(committed, [](const auto& id) { return id.ends_with("/issued"); }) == issued);
    std::set<std::string> unique(committed.begin(), committed.end());
    const auto received = recordsReceived(bench);
    std::set<std::string> got(received.begin(), received.end());
    CHECK(got == unique);
}

TEST_CASE(
    "online numbering: the hall numbers tickets; when it fails the kiosk numbers offline, then returns; the "
    "hall "
    "keeps no number that no citizen holds") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.addBoardKey("hall", "offline_backoff_ms = 1000");  // the breaker, shorter than its 5 s default
    bench.startYicid();
    auto online = parseObject(bench.postTicket("commercial", "on-1").body);
    CHECK(itest::str(online, "number") == "H001");
    CHECK(online.at("offline") == false);
    REQUIRE(bench.hallMode("slow 2000") == 200);  // beyond [hall] ticket_timeout_ms (800 ms)
    const auto started = std::chrono::steady_clock::now();
    auto slow = parseObject(bench.postTicket("commercial", "slow-1").body);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1500));
    CHECK(itest::str(slow, "number") == "K1A001");
    CHECK(slow.at("offline") == true);
    // The hall numbers slow-1 when its 2 s are up, long after the kiosk gave up on it.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    REQUIRE(bench.hallMode("garbage") == 200);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(1500));  // past the breaker: the hall is asked again
    CHECK(parseObject(bench.postTicket("commercial", "garbage-1").body).at("offline") == true);
    REQUIRE(bench.hallMode("ok") == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // back without a restart
    auto back = parseObject(bench.postTicket("commercial", "on-2").body);
    CHECK(back.at("offline") == false);
    CHECK(itest::str(back, "number").starts_with("H"));
    // The offline tickets reach the hall with their issue time, so it can queue them fairly.
    REQUIRE(drained(bench, std::chrono::seconds(30)));
    const auto received = recordsReceived(bench);
    CHECK(std::find(received.begin(), received.end(), itest::str(slow, "id") + "/issued") != received.end());
    // The slow hall numbered slow-1 after the kiosk had given up on it: the kiosk said so (ticket_abandoned,
    // with the tap's key), and the hall voided that number. Its queue holds exactly the citizens' numbers.
    CHECK(std::find(received.begin(), received.end(), itest::str(slow, "id") + "/abandoned") !=
          received.end());
    const std::set<std::string> held{itest::str(online, "number"), itest::str(back, "number")};
    for (int i = 0; i < 30 && hallQueue(bench) != held; ++i)  // the slow answer lands 2 s after its request
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(hallQueue(bench) == held);
    // A retry of the same tap gets its ticket from the kiosk, never a second number from the hall.
    CHECK(itest::str(parseObject(bench.postTicket("commercial", "on-2").body), "number") ==
          itest::str(back, "number"));
    CHECK(hallQueue(bench) == held);
}

namespace {

void appendHall(itest::Bench& bench, const std::string& lines) {
    std::ofstream(bench.board, std::ios::app) << lines;
}

}  // namespace

TEST_CASE("HTTPS with mutual TLS: the kiosk checks the hall's certificate and shows its own") {
    itest::Bench bench;
    const auto certs = bench.dir / "certs";
    itest::makeCertificates(certs);
    const auto pem = [&](const char* name) { return (certs / name).string(); };
    bench.startDevsim();
    bench.startHallSim(
        {"--tls-cert", pem("server.pem"), "--tls-key", pem("server.key"), "--client-ca", pem("ca.pem")});
    std::string board;
    {
        std::ifstream in(bench.board);
        board.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

    SUBCASE("the right CA and a client certificate: the hall numbers tickets and gets the events") {
        appendHall(bench, "ca_file = \"" + pem("ca.pem") + "\"\ncert_file = \"" + pem("kiosk.pem") +
                              "\"\nkey_file = \"" + pem("kiosk.key") + "\"\n");
        bench.startYicid();
        const auto answer = bench.postTicket("commercial", "tls-1");
        CAPTURE(answer.body);
        const auto ticket = parseObject(answer.body);
        CHECK(itest::str(ticket, "number") == "H001");
        CHECK(ticket.at("offline") == false);
        REQUIRE(drained(bench, std::chrono::seconds(20)));
        CHECK(recordsReceived(bench) == std::vector<std::string>{itest::str(ticket, "id") + "/issued"});
    }
    SUBCASE("no client certificate: the hall refuses the handshake and the kiosk numbers offline") {
        appendHall(bench, "ca_file = \"" + pem("ca.pem") + "\"\n");
        bench.startYicid();
        const auto ticket = parseObject(bench.postTicket("commercial", "tls-2").body);
        CHECK(ticket.at("offline") == true);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
        CHECK(metrics.find("yici_outbox_failures_total{reason=\"hall_") != std::string::npos);
        CHECK(pending(bench) >= 1);
    }
    SUBCASE("a hall certificate from a CA the kiosk does not trust: refused") {
        appendHall(bench, "ca_file = \"" + pem("other.pem") + "\"\ncert_file = \"" + pem("kiosk.pem") +
                              "\"\nkey_file = \"" + pem("kiosk.key") + "\"\n");
        bench.startYicid();
        CHECK(parseObject(bench.postTicket("commercial", "tls-3").body).at("offline") == true);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
        CHECK(metrics.find("yici_outbox_failures_total{reason=\"hall_tls_error\"}") != std::string::npos);
        CHECK(bench.hallReceived().empty());
    }
}

TEST_CASE("a device fault reaches the hall as an event, and so does the recovery") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    REQUIRE(bench.ctl("paper out") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the printer is polled every second
    REQUIRE(bench.ctl("paper ok") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    REQUIRE(drained(bench, std::chrono::seconds(20)));
    const auto received = bench.hallReceived();
    const auto fault = std::find_if(received.begin(), received.end(), [](const std::string& id) {
        return id.starts_with("device/printer/") && id.ends_with("/printer_out_of_paper");
    });
    REQUIRE(fault != received.end());
    CHECK(std::find_if(fault, received.end(), [](const std::string& id) {
              return id.starts_with("device/printer/") && id.ends_with("/ok");
          }) != received.end());
}
