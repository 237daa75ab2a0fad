// The soak (issue #17): a long day through the real processes at the fastest rate the kiosk sustains.
// TICKETS tickets over the six categories and REGISTRATIONS pre-registrations without a card, while the hall
// goes down and up every HALL_PERIOD seconds, the printer runs out of paper every 500 tickets and the ID-card
// reader is unplugged and plugged back every 1,000. Prints tickets/s, p50/p99 issue latency per phase (hall
// up, hall down), yicid's RSS and open file descriptors every 1,000 tickets, and at the end proves: every
// committed ticket printed or voided with a reason, no number twice, every record delivered to the hall once,
// in order.
//   build/release/bench/soak [TICKETS] [REGISTRATIONS] [HALL_PERIOD]     (10000 1000 120)
#include <signal.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;
using yici::itest::Bench;
using yici::itest::httpRequest;
using yici::itest::HttpResult;
using yici::itest::monotonicNs;
using yici::itest::percentile;
using yici::itest::queryRows;
using yici::itest::queryValue;
using yici::itest::statusKb;
using Steady = std::chrono::steady_clock;

int argument(int argc, char** argv, int index, int fallback) {
    int value = fallback;
    if (argc > index) std::from_chars(argv[index], argv[index] + std::strlen(argv[index]), value);
    return value;
}

long openFds(pid_t pid) {
    std::error_code ec;
    long n = 0;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", ec), end;
         !ec && it != end; it.increment(ec))
        ++n;
    return n;
}

// Waits up to 6 s until /health says the printer is ok (or, with ok = false, that it is not).
bool waitPrinter(Bench& bench, bool ok) {
    for (int i = 0; i < 300; ++i) {
        if ((bench.health().body.find(R"("printer":{"health":"ok")") != std::string::npos) == ok) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    const int tickets = argument(argc, argv, 1, 10000);
    const int registrations = argument(argc, argv, 2, 1000);
    const auto hall_period = std::chrono::seconds(argument(argc, argv, 3, 120));
    // The test hall's six categories but tax, whose window issues for one minute a day.
    const std::vector<std::string> categories{"commercial", "real_estate", "social_security", "civil_affairs",
                                              "household_id"};
    // The one service of the test hall open to a citizen without a card: a card's repeat visit gets its
    // registration back instead of a new one, and devsim has a handful of cards.
    const std::vector<std::string> services{"hr-contribution-certificate"};
    const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
    Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.startYicid();
    const pid_t pid = bench.yicid->pid();

    std::map<std::string, std::vector<double>> latency_ms;  // by phase
    std::map<std::string, int> failures;
    bool hall_up = true;
    auto next_toggle = Steady::now() + hall_period;
    const auto started = Steady::now();
    int issued = 0, registered = 0, paper_outs = 0, unplugs = 0;
    const int registration_every = registrations > 0 ? std::max(1, tickets / registrations) : tickets + 1;
    std::printf("%8s %8s %8s %10s %6s\n", "tickets", "seconds", "per s", "RSS kB", "fds");
    for (int i = 1; i <= tickets; ++i) {
        if (Steady::now() >= next_toggle) {
            hall_up = !hall_up;
            bench.hallMode(hall_up ? "ok" : "down");
            next_toggle += hall_period;
        }
        const std::string phase = hall_up ? "hall up" : "hall down";
        const auto t0 = monotonicNs();
        const HttpResult reply = bench.postTicket(categories[static_cast<std::size_t>(i) % categories.size()],
                                                  "soak-" + std::to_string(i));
        const auto t1 = monotonicNs();
        if (reply.status == 201) {
            ++issued;
            latency_ms[phase].push_back(static_cast<double>(t1 - t0) / 1e6);
        } else {
            ++failures["ticket HTTP " + std::to_string(reply.status)];
        }
        if (registered < registrations && i % registration_every == 0) {
            const std::string service =
                services[static_cast<std::size_t>(i / registration_every) % services.size()];
            std::string failed;
            for (const auto& [path, body, want] : std::vector<std::tuple<std::string, std::string, int>>{
                     {"/api/v1/session/no-card", "{}", 200},
                     {"/api/v1/session/service", R"({"service_id":")" + service + R"("})", 200},
                     {"/api/v1/session/materials", R"({"have":[]})", 200},
                     {"/api/v1/session/details", R"({"mobile":"13800138000"})", 200},
                     {"/api/v1/registrations", "{}", 201}}) {
                const auto r = httpRequest(bench.ui_port, "POST", path, body, json);
                if (r.status != want) {
                    failed = fmt::format("{} {}: HTTP {} {}", service, path, r.status, r.body.substr(0, 120));
                    break;
                }
            }
            if (failed.empty()) {
                ++registered;
            } else {
                ++failures["registration " + failed];
                httpRequest(bench.ui_port, "DELETE", "/api/v1/session", "", json);
            }
        }
        if (i % 500 == 0) {  // the roll runs out: a citizen is refused, then the technician loads a new one
            bench.ctl("paper out");
            waitPrinter(bench, false);
            if (bench.postTicket(categories[0], "soak-paper-" + std::to_string(i)).status == 503)
                ++paper_outs;
            bench.ctl("paper ok");
            waitPrinter(bench, true);
        }
        if (i % 1000 == 0) {
            bench.ctl("reader unplug");
            std::this_thread::sleep_for(300ms);
            bench.ctl("reader plug");
            ++unplugs;
            const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
            std::printf("%8d %8.0f %8.1f %10ld %6ld\n", i, seconds, i / seconds, statusKb(pid, "VmRSS"),
                        openFds(pid));
            std::fflush(stdout);
        }
    }
    const double seconds = std::chrono::duration<double>(Steady::now() - started).count();
    bench.hallMode("ok");
    const auto db = bench.data_dir / "yici.db";
    for (int i = 0; i < 1200 && queryValue(db, "SELECT count(*) FROM outbox WHERE acked_at IS NULL") != "0";
         ++i)
        std::this_thread::sleep_for(100ms);

    std::printf(
        "\n%d tickets and %d registrations in %.0f s: %.1f tickets/s; %d paper-outs refused, %d reader "
        "unplugs\n",
        issued, registered, seconds, issued / seconds, paper_outs, unplugs);
    for (auto& [phase, samples] : latency_ms) {
        std::printf("  issue latency, %-9s p50 %6.1f ms  p99 %6.1f ms  (%zu tickets)\n", phase.c_str(),
                    percentile(samples, 0.50), percentile(samples, 0.99), samples.size());
    }
    for (const auto& [what, count] : failures) std::printf("  refused: %s x %d\n", what.c_str(), count);

    int broken = 0;
    const auto promise = [&](bool kept, const std::string& what) {
        std::printf("  %s %s\n", kept ? "kept:  " : "BROKEN:", what.c_str());
        if (!kept) ++broken;
    };
    promise(queryValue(db,
                       "SELECT count(*) FROM tickets WHERE NOT (status = 'printed' OR (status = 'voided' AND "
                       "void_reason IS NOT NULL))") == "0",
            "every committed ticket is printed, or voided with a reason");
    promise(queryRows(db, "SELECT day, number FROM tickets GROUP BY day, number HAVING count(*) > 1").empty(),
            "no number twice");
    std::vector<std::string> committed;
    for (const auto& row : queryRows(db, "SELECT id FROM outbox WHERE type != 'device_health' ORDER BY seq"))
        committed.push_back(row[0]);
    std::vector<std::string> received;
    for (const auto& id : bench.hallReceived())
        if (!id.starts_with("device/")) received.push_back(id);
    promise(received == committed, "every record reached the hall exactly once, in order (" +
                                       std::to_string(committed.size()) + " records)");
    bench.stopYicid(SIGTERM);
    return broken == 0 ? 0 : 1;
}
