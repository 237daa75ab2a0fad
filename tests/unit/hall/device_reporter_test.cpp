// Device health changes: each one is announced once, faults are kept newest first for the technician, and
// a healthy start is not news.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fakes/non_writable_db.hpp"
#include "hall/device_reporter.hpp"
#include "store/schema.hpp"
#include "testing.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

hal::Health deviceHealth(hal::HealthLevel level, ErrorCode code, std::string detail = "") {
    return hal::Health{.level = level, .code = code, .detail = std::move(detail), .since = {}};
}

// 25 distinct fault codes, more than the faults kept.
enum class Fault : std::uint8_t {};
constexpr std::array<std::string_view, 25> fault_names{
    "fault_0",  "fault_1",  "fault_2",  "fault_3",  "fault_4",  "fault_5",  "fault_6",
    "fault_7",  "fault_8",  "fault_9",  "fault_10", "fault_11", "fault_12", "fault_13",
    "fault_14", "fault_15", "fault_16", "fault_17", "fault_18", "fault_19", "fault_20",
    "fault_21", "fault_22", "fault_23", "fault_24"};
constexpr std::string_view errorModule(Fault) {
    return "test";
}
constexpr std::string_view errorName(Fault f) {
    const auto i = static_cast<std::size_t>(f);
    return i < fault_names.size() ? fault_names[i] : std::string_view{};
}

struct ReporterBench {
    testing::TempDir dir;
    store::Database db = *store::openDatabase(dir.path() / "yici.db");
    store::OutboxStore outbox{db};
    boost::asio::io_context io;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    hal::Health printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    hal::Health reader = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    std::vector<health::DeviceHealthSource> devices{{"printer", [this] { return printer; }, true},
                                                    {"id_reader", [this] { return reader; }, false}};
    hall::DeviceReporter reporter{io.get_executor(), io.get_executor(), outbox, devices, clock};
    std::vector<std::string> announced;
    ReporterBench() {
        reporter.onChange([this](const hall::DeviceChange& c) {
            announced.push_back(c.device + "/" + std::string(hal::levelName(c.health.level)) + "/" +
                                std::string(c.health.code.name()));
        });
    }
};

}  // namespace

TEST_CASE("a healthy start announces nothing; each change of level or code is announced once") {
    ReporterBench b;
    CHECK(b.reporter.poll().empty());
    b.printer = deviceHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper, "DLE EOT 4: 0x72");
    CHECK(b.reporter.poll().size() == 1);
    CHECK(b.reporter.poll().empty());  // the same state again is not a change
    b.printer.detail = "DLE EOT 2: 0x32";
    CHECK(b.reporter.poll().empty());  // nor is a new detail
    b.printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    CHECK(b.reporter.poll().size() == 1);  // back to ok is news too
    CHECK(b.announced == std::vector<std::string>{"printer/critical/printer_out_of_paper", "printer/ok/ok"});
}

TEST_CASE("a device that is not ok when first seen is announced") {
    ReporterBench b;
    b.reader = deviceHealth(hal::HealthLevel::absent, hal::Errc::id_reader_unreachable);
    const auto changes = b.reporter.poll();
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].device == "id_reader");
    CHECK(changes[0].at == b.clock.now());
    CHECK(b.announced == std::vector<std::string>{"id_reader/absent/id_reader_unreachable"});
}

TEST_CASE("recent faults: every change to a state that is not ok, newest first, at most 20") {
    ReporterBench b;
    (void)b.reporter.poll();
    for (int i = 0; i < 25; ++i) {
        b.clock.set(b.clock.now() + std::chrono::minutes(1));
        b.printer = deviceHealth(i % 2 == 0 ? hal::HealthLevel::critical : hal::HealthLevel::warning,
                                 static_cast<Fault>(i));
        (void)b.reporter.poll();
        if (i == 3) {
            b.printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);  // recoveries are not faults
            (void)b.reporter.poll();
        }
    }
    const auto& faults = b.reporter.recentFaults();
    REQUIRE(faults.size() == hall::DeviceReporter::max_faults);
    CHECK(faults.front().health.code.name() == "fault_24");
    CHECK(faults.back().health.code.name() == "fault_5");
    CHECK(faults.front().at > faults.back().at);
    for (const auto& f : faults) CHECK(f.health.level != hal::HealthLevel::ok);
}

TEST_CASE(
    "a fault is cleared by the device's next change, to ok or to another fault; the open one has no end") {
    ReporterBench b;
    (void)b.reporter.poll();
    const auto start = b.clock.now();
    b.printer = deviceHealth(hal::HealthLevel::critical, static_cast<Fault>(1));
    (void)b.reporter.poll();
    b.clock.set(start + std::chrono::minutes(3));
    b.printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    (void)b.reporter.poll();
    b.clock.set(start + std::chrono::minutes(5));
    b.printer = deviceHealth(hal::HealthLevel::warning, static_cast<Fault>(2));
    (void)b.reporter.poll();
    b.clock.set(start + std::chrono::minutes(6));
    b.printer = deviceHealth(hal::HealthLevel::critical, static_cast<Fault>(3));
    (void)b.reporter.poll();
    const auto& faults = b.reporter.recentFaults();
    REQUIRE(faults.size() == 3);
    CHECK_FALSE(faults[0].cleared.has_value());                   // fault_3 still holds
    CHECK(faults[1].cleared == start + std::chrono::minutes(6));  // fault_2, replaced by fault_3
    CHECK(faults[2].cleared == start + std::chrono::minutes(3));  // fault_1, back to ok
}

TEST_CASE("a change the outbox cannot take (a full disk) stays queued, in order, until it can") {
    testing::TempDir dir;
    testing::NonWritableDb db{dir.path() / "yici.db"};
    store::OutboxStore outbox{db.db()};
    boost::asio::io_context io;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    hal::Health printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    const std::vector<health::DeviceHealthSource> devices{{"printer", [&] { return printer; }, true}};
    hall::DeviceReporter reporter{io.get_executor(), io.get_executor(), outbox, devices, clock};
    auto events = [&] {
        std::vector<std::string> codes;
        auto rows = db.db().prepare("SELECT data FROM outbox WHERE type = 'device_health' ORDER BY seq");
        REQUIRE(rows.has_value());
        while (*rows->step()) codes.push_back(rows->text(0).substr(0, rows->text(0).find(",\"detail\"")));
        return codes;
    };
    reporter.poll();  // a healthy start
    printer = deviceHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper, "paper end");
    reporter.poll();
    db.denyWrites("outbox");
    testing::run(io, reporter.writeQueued());
    CHECK(reporter.queued() == 1);
    CHECK(events().empty());
    printer = deviceHealth(hal::HealthLevel::ok, hal::Errc::ok);
    reporter.poll();
    testing::run(io, reporter.writeQueued());
    CHECK(reporter.queued() == 2);
    db.allowWrites();
    testing::run(io, reporter.writeQueued());
    CHECK(reporter.queued() == 0);
    CHECK(events() ==
          std::vector<std::string>{R"({"device":"printer","health":"critical","code":"printer_out_of_paper")",
                                   R"({"device":"printer","health":"ok","code":"ok")"});
}
