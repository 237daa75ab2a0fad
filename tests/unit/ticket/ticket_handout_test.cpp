// The dispenser's hand-out through the ticket service, with a scripted mouth: taken, not taken (taken back,
// not_taken, the hall's event, the counter), a tap while a ticket waits, a jam, and a mouth it cannot see.
#include <doctest/doctest.h>

#include "fakes/fake_dispenser.hpp"
#include "ticket/ticket_bench.hpp"

using namespace yici;
using namespace std::chrono_literals;
using testing::errorCode;

namespace {

struct HandoutBench : testing::TicketBench {
    testing::FakeDispenser dispenser;
    std::vector<std::string> changes;  // "A001 waiting", ...
    ticket::TicketHandout handout{handoutDeps(50ms)};
    ticket::TicketService service{withHandout(50ms)};

    ticket::TicketHandout::Deps handoutDeps(std::chrono::milliseconds settle) {
        return {
            .dispenser = dispenser,
            .executor = io.get_executor(),
            .store_executor = io.get_executor(),
            .store = store,
            .metrics = metrics,
            .clock = clock,
            .take_timeout = 200ms,
            .retract = true,
            .poll = 5ms,
            .settle = settle,
            .changed = [this](std::string_view number, ticket::HandoutState state) {
                changes.push_back(std::string(number) + " " + std::string(ticket::handoutStateName(state)));
            }};
    }

    ticket::TicketService::Deps withHandout(std::chrono::milliseconds slot_wait) {
        auto d = deps();
        d.handout = &handout;
        d.slot_wait = slot_wait;
        return d;
    }
    // Runs the io until the ticket shown has a final word (taken, not_taken, jammed).
    bool settled() {
        return testing::runUntil(io, [this] { return changes.size() >= 2; });
    }
    std::string outboxData(const std::string& id) {
        auto event = db.db().prepare("SELECT type || ' ' || data FROM outbox WHERE id = ?1");
        REQUIRE(event.has_value());
        event->bind(1, id);
        return *event->step() ? event->text(0) : "";
    }
};

}  // namespace

TEST_CASE("a ticket its citizen takes: waiting, then taken; it stays in the queue and the mouth is free") {
    HandoutBench b;
    b.dispenser.take_after_looks = 2;
    auto issued = b.issue(b.service, "commercial", "tap-1");
    REQUIRE(issued.has_value());
    CHECK(b.dispenser.presents == 1);
    REQUIRE(b.settled());
    CHECK(b.changes == std::vector<std::string>{"A001 waiting", "A001 taken"});
    CHECK(b.dispenser.clears == 0);
    CHECK(b.today()[0].status == store::TicketStatus::printed);
    CHECK(b.issue(b.service, "commercial", "tap-2").has_value());
}

TEST_CASE("a ticket nobody takes is taken back, marked not_taken, told to the hall and counted") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    auto issued = b.issue(b.service, "commercial", "tap-1");
    REQUIRE(issued.has_value());
    REQUIRE(b.settled());
    CHECK(b.changes == std::vector<std::string>{"A001 waiting", "A001 not_taken"});
    CHECK(b.dispenser.clears == 1);
    CHECK(b.today()[0].status == store::TicketStatus::not_taken);
    CHECK(b.outboxData("20261127-A001/not_taken") ==
          R"(ticket_not_taken {"ticket_id":"20261127-A001","number":"A001","how":"retracted"})");
    CHECK(b.metrics.render().find(R"(yici_tickets_not_taken_total{category="commercial"} 1)") !=
          std::string::npos);
    // The same tap again is told its ticket is gone, not shown a ticket in the bin.
    CHECK(errorCode(b.issue(b.service, "commercial", "tap-1")) == "ticket_voided");
}

TEST_CASE("a reprint of a ticket taken back puts it in the queue again, and hands it out like any ticket") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    REQUIRE(b.settled());
    b.dispenser.take_after_looks = 1;
    auto again = testing::run(b.io, b.service.reprint("A001", "technician"));
    REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
    CHECK(again->status == store::TicketStatus::printed);
    CHECK(again->reprints == 1);
    CHECK(b.dispenser.presents == 2);
    REQUIRE(testing::runUntil(b.io, [&] { return b.changes.size() == 4; }));
    CHECK(b.changes.back() == "A001 taken");
    CHECK(b.today()[0].status == store::TicketStatus::printed);
}

TEST_CASE("a tap while a ticket waits in the mouth waits for it to go, and is refused if it does not") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    // 50 ms of waiting, the first ticket still there: refused, nothing printed or committed.
    CHECK(errorCode(b.issue(b.service, "commercial", "tap-2")) == "ticket_in_slot");
    CHECK(b.printer.printed.size() == 1);
    CHECK(b.today().size() == 1);
    // With time to wait, the tap prints once the first ticket is taken back.
    ticket::TicketService patient(b.withHandout(2000ms));
    auto second = b.issue(patient, "commercial", "tap-3");
    REQUIRE(second.has_value());
    CHECK(b.changes.at(1) == "A001 not_taken");
    CHECK(second->ticket.number == "A002");
}

TEST_CASE("a printer that cannot print refuses the tap at once, not after waiting for the mouth") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper);
    // With ten seconds to wait for the mouth, the answer is the printer's, and the first ticket still waits.
    ticket::TicketService patient(b.withHandout(10000ms));
    CHECK(errorCode(b.issue(patient, "commercial", "tap-2")) == "printer_out_of_paper");
    CHECK(b.changes.size() == 1);
    CHECK(b.today().size() == 1);
}

TEST_CASE("a jam keeps the ticket from its citizen: marked not_taken (jammed), and tickets stop") {
    HandoutBench b;
    b.dispenser.fail_looks = hal::Errc::dispenser_jam;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    REQUIRE(b.settled());
    CHECK(b.changes.back() == "A001 jammed");
    CHECK(b.today()[0].status == store::TicketStatus::not_taken);
    CHECK(b.outboxData("20261127-A001/not_taken").ends_with(R"("how":"jammed"})"));
    CHECK(errorCode(b.issue(b.service, "commercial", "tap-2")) == "dispenser_jam");
    CHECK(b.printer.printed.size() == 1);
}

TEST_CASE("a mouth the kiosk cannot see until the deadline counts as taken: the ticket stays in the queue") {
    HandoutBench b;
    b.dispenser.fail_looks = hal::Errc::printer_unreachable;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    REQUIRE(b.settled());
    CHECK(b.changes.back() == "A001 taken");
    CHECK(b.dispenser.clears == 0);
    CHECK(b.today()[0].status == store::TicketStatus::printed);
}

TEST_CASE("a technician's test print is presented and followed, with no number and nothing recorded") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    REQUIRE(testing::run(b.io, b.service.printTest()).has_value());
    REQUIRE(b.settled());
    CHECK(b.changes == std::vector<std::string>{" waiting", " not_taken"});
    CHECK(b.today().empty());
}

TEST_CASE("a ticket left in the mouth from before a restart is taken back before any new one is presented") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    b.dispenser.leaveTicket();
    testing::run(b.io, b.handout.clearLeftover());
    CHECK(b.dispenser.clears == 1);
    CHECK(b.changes.empty());  // nobody's ticket: the screen is told nothing
    // An empty mouth, or a dispenser that never answers, leaves things as they are, and frees the mouth.
    b.dispenser.fail_looks = hal::Errc::printer_unreachable;
    testing::run(b.io, b.handout.clearLeftover(std::chrono::milliseconds(30)));
    CHECK(b.dispenser.clears == 1);
    b.dispenser.fail_looks.reset();
    b.dispenser.take_after_looks = 0;
    CHECK(b.issue(b.service, "commercial", "tap-1").has_value());
}

TEST_CASE("an empty mouth before the ticket was ever seen in it is a ticket on its way, not one taken") {
    HandoutBench b;
    ticket::TicketHandout slow(b.handoutDeps(10000ms));  // settles long after the take timeout
    auto deps = b.deps();
    deps.handout = &slow;
    ticket::TicketService service(std::move(deps));
    b.dispenser.arrives_after_looks = 3;  // the presenter moves it in while the first looks read empty
    b.dispenser.take_after_looks = -1;
    REQUIRE(b.issue(service, "commercial", "tap-1").has_value());
    REQUIRE(b.settled());
    CHECK(b.changes.back() == "A001 not_taken");
    // Seen once, an empty mouth is taken at once.
    b.changes.clear();
    b.dispenser.take_after_looks = 2;
    REQUIRE(b.issue(service, "commercial", "tap-2").has_value());
    REQUIRE(b.settled());
    CHECK(b.changes.back() == "A002 taken");
}

TEST_CASE("a reprint left in the mouth again is its own not_taken event") {
    HandoutBench b;
    b.dispenser.take_after_looks = -1;
    REQUIRE(b.issue(b.service, "commercial", "tap-1").has_value());
    REQUIRE(b.settled());
    REQUIRE(testing::run(b.io, b.service.reprint("A001", "technician")).has_value());
    REQUIRE(testing::runUntil(b.io, [&] { return b.changes.size() == 4; }));
    CHECK(b.changes.back() == "A001 not_taken");
    CHECK(b.today()[0].status == store::TicketStatus::not_taken);
    CHECK(b.outboxData("20261127-A001/not_taken-1") ==
          R"(ticket_not_taken {"ticket_id":"20261127-A001","number":"A001","how":"retracted"})");
}
