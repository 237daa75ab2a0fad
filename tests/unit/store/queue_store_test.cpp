// Window calls against the real database: priority order, keep serving after closing, learnt service times,
// and claimed priorities that wait as normal until staff confirm them.
#include <doctest/doctest.h>

#include "catalog/hall_catalog.hpp"
#include "store/queue_store.hpp"
#include "store/schema.hpp"
#include "testing.hpp"
#include "ticket/internal/new_ticket.hpp"

using namespace yici;
using testing::shanghai;

namespace {

catalog::HallCatalog oneCategoryHall() {
    catalog::HallCatalog hall;
    hall.normal_per_priority = 2;
    hall.issuing_cutoff_min = 30;
    catalog::Category c;
    c.id = "tax";
    c.letter = 'F';
    c.windows = {"15", "16"};
    c.avg_service_min = 10;
    for (auto& day : c.hours) day = {{8 * 60 + 30, 17 * 60}};
    hall.categories.push_back(c);
    return hall;
}

struct Bench {
    testing::TempDir dir;
    store::Database db = std::move(*store::openDatabase(dir.path() / "yici.db"));
    store::TicketStore tickets{db};
    store::QueueStore queue{db};
    catalog::HallCatalog hall = oneCategoryHall();

    store::Ticket issue(TimePoint at, queue::Priority priority = queue::Priority::normal,
                        bool claim = false) {
        auto t = ticket::newTicket(hall, hall.categories[0], "tax", priority, at, "");
        t.priority_claim = claim;
        auto issued = tickets.issue(t);
        REQUIRE(issued.has_value());
        REQUIRE(tickets.markPrinted(issued->ticket.id).has_value());
        return issued->ticket;
    }

    store::WindowCall at(TimePoint when, std::string window = "15") {
        const LocalTime local = toLocal(when);
        return {std::move(window),
                "tax",
                local.date(),
                local.iso8601(),
                std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count(),
                2};
    }

    std::string callNext(TimePoint when, std::string window = "15") {
        auto called = queue.callNext(at(when, std::move(window)));
        REQUIRE(called.has_value());
        return *called ? (**called).number : "";
    }
};

}  // namespace

TEST_CASE("windows call priority tickets first, with two normal tickets between two priority ones") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    b.issue(t);                                                        // F001
    b.issue(t + std::chrono::minutes(1));                              // F002
    b.issue(t + std::chrono::minutes(2));                              // F003
    b.issue(t + std::chrono::minutes(3), queue::Priority::elderly);    // F004
    b.issue(t + std::chrono::minutes(4), queue::Priority::confirmed);  // F005
    const auto call = t + std::chrono::minutes(10);
    CHECK(b.callNext(call) == "F004");
    CHECK(b.callNext(call, "16") == "F001");
    CHECK(b.callNext(call) == "F002");
    CHECK(b.callNext(call, "16") == "F005");
    CHECK(b.callNext(call) == "F003");
    CHECK(b.callNext(call) == "");  // nobody left
}

TEST_CASE("a new priority ticket is told how many are really ahead of it") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    for (int i = 0; i < 4; ++i) b.issue(t);
    const auto elderly = b.issue(t, queue::Priority::elderly);
    CHECK(elderly.waiting_ahead == 0);
    const auto normal = b.issue(t);
    CHECK(normal.waiting_ahead == 5);  // F005 goes first, then the four normal tickets
}

TEST_CASE("keep serving: tickets issued before the cut-off still wait, count and get called after closing") {
    Bench b;
    b.issue(shanghai(2026, 11, 27, 16, 20));
    b.issue(shanghai(2026, 11, 27, 16, 25));
    const auto evening = shanghai(2026, 11, 27, 17, 40);
    auto snapshot = b.tickets.snapshot("2026-11-27", "tax", 2, 600);
    REQUIRE(snapshot.has_value());
    CHECK(snapshot->state.normal_waiting == 2);  // nobody was sent home at 17:00
    CHECK(b.callNext(evening) == "F001");
    CHECK(b.callNext(evening, "16") == "F002");
}

TEST_CASE("completing a ticket teaches the kiosk the window's real service time") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    b.issue(t);
    b.issue(t);
    CHECK(b.callNext(t) == "F001");
    auto done = b.queue.complete(b.at(t + std::chrono::minutes(4)), 600);
    REQUIRE(done.has_value());
    REQUIRE(done->has_value());
    CHECK((*done)->ticket.number == "F001");
    CHECK((*done)->service_s == doctest::Approx(240));
    CHECK((*done)->average_service_s == doctest::Approx(0.2 * 240 + 0.8 * 600));
    auto snapshot = b.tickets.snapshot("2026-11-27", "tax", 2, 600);
    CHECK(snapshot->service_s == doctest::Approx(528));
    // Nothing is being served at window 15 now.
    auto again = b.queue.complete(b.at(t + std::chrono::minutes(5)), 600);
    REQUIRE(again.has_value());
    CHECK_FALSE(again->has_value());
}

TEST_CASE("a called citizen who never came is closed at the next call without spoiling the estimate") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    b.issue(t);
    b.issue(t);
    CHECK(b.callNext(t) == "F001");
    CHECK(b.callNext(t + std::chrono::minutes(30)) == "F002");  // F001 did not show up
    auto snapshot = b.tickets.snapshot("2026-11-27", "tax", 2, 600);
    CHECK(snapshot->service_s == doctest::Approx(600));  // no sample from the no-show
}

TEST_CASE("the audit trail records every ticket and call, and refuses to be rewritten") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    const auto issued = b.issue(t);
    b.callNext(t);
    auto rows = b.db.prepare("SELECT action, subject FROM audit ORDER BY seq");
    REQUIRE(rows.has_value());
    REQUIRE(*rows->step());
    CHECK(rows->text(0) == "ticket_issued");
    CHECK(rows->text(1) == issued.id);
    REQUIRE(*rows->step());
    CHECK(rows->text(0) == "ticket_called");
    CHECK_FALSE(b.db.exec("UPDATE audit SET actor = 'x'").has_value());
    CHECK_FALSE(b.db.exec("DELETE FROM audit").has_value());
    auto outbox = b.db.prepare("SELECT count(*) FROM outbox WHERE type = 'ticket_issued'");
    REQUIRE(*outbox->step());
    CHECK(outbox->integer(0) == 1);
}

TEST_CASE("a claimed priority waits as normal until staff confirm it; who and when are audited and sent") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    b.issue(t);                                                           // F001
    b.issue(t + std::chrono::minutes(1), queue::Priority::normal, true);  // F002: claimed
    b.issue(t + std::chrono::minutes(2));                                 // F003
    const store::PriorityConfirmation confirm{"2026-11-27", "F003", "S017", "2026-11-27T09:05:00+08:00"};
    auto none = b.queue.confirmPriority(confirm);
    REQUIRE(none.has_value());
    CHECK(none->outcome == store::PriorityConfirmed::Outcome::no_claim);
    auto unknown = b.queue.confirmPriority({"2026-11-27", "F009", "S017", "2026-11-27T09:05:00+08:00"});
    CHECK(unknown->outcome == store::PriorityConfirmed::Outcome::unknown_ticket);

    auto confirmed = b.queue.confirmPriority({"2026-11-27", "F002", "S017", "2026-11-27T09:05:00+08:00"});
    REQUIRE(confirmed.has_value());
    REQUIRE(confirmed->outcome == store::PriorityConfirmed::Outcome::confirmed);
    CHECK(confirmed->ticket.priority == queue::Priority::confirmed);
    CHECK_FALSE(confirmed->ticket.priority_claim);
    auto again = b.queue.confirmPriority({"2026-11-27", "F002", "S017", "2026-11-27T09:06:00+08:00"});
    CHECK(again->outcome == store::PriorityConfirmed::Outcome::no_claim);  // once

    auto audit = b.db.prepare("SELECT actor, subject FROM audit WHERE action = 'priority_confirmed'");
    REQUIRE(audit.has_value());
    REQUIRE(*audit->step());
    CHECK(audit->text(0) == "staff:S017");
    CHECK(audit->text(1) == "20261127-F002");
    auto event = b.db.prepare("SELECT type, data FROM outbox WHERE id = '20261127-F002/priority_confirmed'");
    REQUIRE(event.has_value());
    REQUIRE(*event->step());
    CHECK(event->text(0) == "ticket_priority_confirmed");
    CHECK(event->text(1) ==
          R"({"ticket_id":"20261127-F002","number":"F002","priority":"confirmed","confirmed_by":"S017",)"
          R"("confirmed_at":"2026-11-27T09:05:00+08:00"})");

    const auto call = t + std::chrono::minutes(10);
    CHECK(b.callNext(call) == "F002");  // confirmed: called first
    CHECK(b.callNext(call, "16") == "F001");
    auto called = b.queue.confirmPriority({"2026-11-27", "F002", "S017", "2026-11-27T09:20:00+08:00"});
    CHECK(called->outcome == store::PriorityConfirmed::Outcome::already_called);
}

TEST_CASE("an unconfirmed claim is called in its turn among the normal tickets") {
    Bench b;
    const auto t = shanghai(2026, 11, 27, 9, 0);
    b.issue(t);                                                           // F001
    b.issue(t + std::chrono::minutes(1), queue::Priority::normal, true);  // F002: claimed, never confirmed
    b.issue(t + std::chrono::minutes(2), queue::Priority::elderly);       // F003
    const auto call = t + std::chrono::minutes(10);
    CHECK(b.callNext(call) == "F003");
    CHECK(b.callNext(call, "16") == "F001");
    CHECK(b.callNext(call) == "F002");
}
