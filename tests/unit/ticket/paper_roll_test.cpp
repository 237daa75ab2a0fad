// The counted paper roll through the ticket service: every print that came out takes its length off the roll,
// a warning comes at the board's threshold, the count survives a restart, and a new roll starts it again.
#include <doctest/doctest.h>

#include "store/paper_roll_store.hpp"
#include "ticket/ticket_bench.hpp"

using namespace yici;
using testing::errorCode;

namespace {

struct RollBench : testing::TicketBench {
    store::PaperRollStore rolls{db.db()};
    // A 1 m roll: a ticket of the test hall takes about a tenth of it.
    std::unique_ptr<ticket::PaperRoll> roll = load();
    ticket::TicketService service{withRoll()};

    std::unique_ptr<ticket::PaperRoll> load() {
        auto loaded = rolls.load();
        REQUIRE(loaded.has_value());
        return std::make_unique<ticket::PaperRoll>(
            ticket::PaperRoll::Deps{.store_executor = io.get_executor(),
                                    .store = rolls,
                                    .metrics = metrics,
                                    .clock = clock,
                                    .length_m = 1.0,
                                    .warning_ratio = 0.5,
                                    .loaded = *loaded});
    }
    ticket::TicketService::Deps withRoll() {
        auto d = deps();
        d.paper = roll.get();
        return d;
    }
    // What the printed tickets took off the roll, in metres.
    double printedM() const {
        double rows = 0;
        for (const auto& r : printer.printed) rows += r.height + hal::ticket_feed_rows;
        return rows / hal::dots_per_mm / 1000.0;
    }
};

}  // namespace

TEST_CASE("every print that came out takes its length off the roll, and the gauge shows what is left") {
    RollBench b;
    CHECK(b.roll->remainingRatio() == doctest::Approx(1.0));
    CHECK(b.metrics.render().find("yici_printer_paper_remaining_ratio 1") != std::string::npos);
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    REQUIRE(testing::run(b.io, b.service.printTest()).has_value());
    REQUIRE(testing::run(b.io, b.service.reprint("A001", "technician")).has_value());
    REQUIRE(b.printer.printed.size() == 3);
    CHECK(b.roll->remainingRatio() == doctest::Approx(1.0 - b.printedM()));
    // A print that failed before the paper moved takes nothing; one sent whole but unconfirmed does.
    b.printer.failNextPrint(hal::Errc::printer_out_of_paper);
    CHECK_FALSE(b.issue(b.service, "commercial", "tap-2").has_value());
    CHECK(b.roll->remainingRatio() == doctest::Approx(1.0 - b.printedM()));
    CHECK(b.roll->health().level == hal::HealthLevel::ok);
}

TEST_CASE("at the board's threshold the roll is a warning with what is left, before the sensor says so") {
    RollBench b;
    int taps = 0;
    while (b.roll->remainingRatio() > 0.5)
        REQUIRE(b.issue(b.service, "commercial", fmt::format("t{}", ++taps)));
    const hal::Health health = b.roll->health();
    CHECK(health.level == hal::HealthLevel::warning);
    CHECK(health.code.name() == "paper_roll_low");
    CHECK(health.detail.starts_with("about 0."));
    CHECK(health.detail.ends_with(" m of the 1 m roll left (" +
                                  fmt::format("{:.0f}", b.roll->remainingRatio() * 100) +
                                  "%): put in a new roll and confirm it"));
    // Still printing: the roll is counted, not empty.
    CHECK(b.issue(b.service, "commercial", "after").has_value());
}

TEST_CASE("the count survives a restart, and a new roll starts it again, audited") {
    RollBench b;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    const double left = b.roll->remainingRatio();
    CHECK(b.load()->remainingRatio() == doctest::Approx(left));  // yicid started again
    REQUIRE(testing::run(b.io, b.roll->replaced("technician")).has_value());
    CHECK(b.roll->remainingRatio() == doctest::Approx(1.0));
    CHECK(b.load()->remainingRatio() == doctest::Approx(1.0));
    auto audit = b.db.db().prepare("SELECT actor, detail FROM audit WHERE action = 'paper_roll_replaced'");
    REQUIRE(*audit->step());
    CHECK(audit->text(0) == "technician");
    CHECK(audit->text(1).ends_with(R"("cuts":1})"));
}
