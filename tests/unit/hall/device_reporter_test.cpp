// Device health changes: each one is announced once, faults are kept newest first for the technician, and
// a healthy start is not news.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "hall/device_reporter.hpp"
#include "store/schema.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

hal::Health deviceHealth(hal::HealthLevel level, std::string code, std::string detail = "") {
    return hal::Health{.level = level, .code = std::move(code), .detail = std::move(detail), .since = {}};
}

struct Bench {
    testing::TempDir dir;
    store::Database db = *store::openDatabase(dir.path() / "yici.db");
    store::OutboxStore outbox{db};
    boost::asio::io_context io;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    hal::Health printer = deviceHealth(hal::HealthLevel::ok, "ok");
    hal::Health reader = deviceHealth(hal::HealthLevel::ok, "ok");
    std::vector<health::DeviceHealthSource> devices{{"printer", [this] { return printer; }, true},
                                                    {"id_reader", [this] { return reader; }, false}};
    hall::DeviceReporter reporter{io.get_executor(), io.get_executor(), outbox, devices, clock};
    std::vector<std::string> announced;
    Bench() {
        reporter.onChange([this](const hall::DeviceChange& c) {
            announced.push_back(c.device + "/" + std::string(hal::levelName(c.health.level)) + "/" +
                                c.health.code);
        });
    }
};

}  // namespace

TEST_CASE("a healthy start announces nothing; each change of level or code is announced once") {
    Bench b;
    CHECK(b.reporter.poll().empty());
    b.printer = deviceHealth(hal::HealthLevel::critical, "printer_out_of_paper", "DLE EOT 4: 0x72");
    CHECK(b.reporter.poll().size() == 1);
    CHECK(b.reporter.poll().empty());  // the same state again is not a change
    b.printer.detail = "DLE EOT 2: 0x32";
    CHECK(b.reporter.poll().empty());  // nor is a new detail
    b.printer = deviceHealth(hal::HealthLevel::ok, "ok");
    CHECK(b.reporter.poll().size() == 1);  // back to ok is news too
    CHECK(b.announced == std::vector<std::string>{"printer/critical/printer_out_of_paper", "printer/ok/ok"});
}

TEST_CASE("a device that is not ok when first seen is announced") {
    Bench b;
    b.reader = deviceHealth(hal::HealthLevel::absent, "id_reader_unreachable");
    const auto changes = b.reporter.poll();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].device == "id_reader");
    CHECK(changes[0].at == b.clock.now());
    CHECK(b.announced == std::vector<std::string>{"id_reader/absent/id_reader_unreachable"});
}

TEST_CASE("recent faults: every change to a state that is not ok, newest first, at most 20") {
    Bench b;
    (void)b.reporter.poll();
    for (int i = 0; i < 25; ++i) {
        b.clock.set(b.clock.now() + std::chrono::minutes(1));
        b.printer = deviceHealth(i % 2 == 0 ? hal::HealthLevel::critical : hal::HealthLevel::warning,
                                 "fault_" + std::to_string(i));
        (void)b.reporter.poll();
        if (i == 3) {
            b.printer = deviceHealth(hal::HealthLevel::ok, "ok");  // recoveries are not faults
            (void)b.reporter.poll();
        }
    }
    const auto& faults = b.reporter.recentFaults();
    REQUIRE(faults.size() == hall::DeviceReporter::max_faults);
    CHECK(faults.front().health.code == "fault_24");
    CHECK(faults.back().health.code == "fault_5");
    CHECK(faults.front().at > faults.back().at);
    for (const auto& f : faults) CHECK(f.health.level != hal::HealthLevel::ok);
}
