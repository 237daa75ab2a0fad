// The ticket service's promises, through fakes: a ticket is committed before it is printed and voided with
// the printer's reason when printing fails; a repeated tap gets the earlier ticket; the hall numbers tickets
// while it answers, the kiosk numbers them offline (with its prefix) while it does not.
#include <doctest/doctest.h>

#include <thread>

#include "ticket/ticket_bench.hpp"

using namespace yici;
using namespace std::chrono_literals;
using testing::errorCode;
using testing::TicketBench;

TEST_CASE("a printed ticket comes out of the printer and is stored as printed") {
    TicketBench b;
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    CHECK_FALSE(issued->existing);
    CHECK(issued->ticket.number == "A001");
    CHECK(issued->ticket.status == store::TicketStatus::printed);
    CHECK_FALSE(issued->ticket.offline);
    CHECK(b.printer.printed.size() == 1);
    CHECK(b.printer.printed[0].width == 576);
    auto stored = b.store.findById(issued->ticket.id);
    REQUIRE(stored.has_value());
    REQUIRE(stored->has_value());
    CHECK((*stored)->status == store::TicketStatus::printed);
}

TEST_CASE("a failed print voids the committed ticket with the printer's reason, and the citizen gets it") {
    TicketBench b;
    b.printer.failNextPrint(hal::Errc::printer_out_of_paper);
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_FALSE(issued.has_value());
    CHECK(issued.error().code.name() == "printer_out_of_paper");
    CHECK(b.printer.printed.empty());
    const auto today = b.today();
    REQUIRE(today.size() == 1);  // it was committed before printing
    CHECK(today[0].status == store::TicketStatus::voided);
    CHECK(today[0].void_reason == "printer_out_of_paper");
}

TEST_CASE("a ticket sent whole whose printer went silent is kept as printed and reported, never voided") {
    TicketBench b;
    b.printer.failNextPrint(hal::Errc::printer_unconfirmed, "the whole ticket was sent; answer: timed out");
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    REQUIRE(b.today().size() == 1);
    CHECK(b.today()[0].status == store::TicketStatus::printed);
    CHECK(b.today()[0].print_outcome == "unconfirmed");
    auto event = b.db.db().prepare("SELECT type, data FROM outbox WHERE id = ?1");
    REQUIRE(event.has_value());
    event->bind(1, issued->ticket.id + "/print_unconfirmed");
    REQUIRE(*event->step());
    CHECK(event->text(0) == "ticket_print_unconfirmed");
    CHECK(event->text(1) == R"({"ticket_id":"20261127-A001","number":"A001",)"
                            R"("detail":"the whole ticket was sent; answer: timed out"})");
    // The same tap again gets it back, as any printed ticket.
    CHECK(b.issue("commercial", "tap-1")->ticket.id == issued->ticket.id);
}

TEST_CASE("a voided ticket's key is refused on retry, and the next citizen gets the next number") {
    TicketBench b;
    b.printer.failNextPrint(hal::Errc::printer_jam);
    REQUIRE_FALSE(b.issue("commercial", "tap-1").has_value());
    auto retry = b.issue("commercial", "tap-1");
    REQUIRE_FALSE(retry.has_value());
    CHECK(retry.error().code.name() == "ticket_voided");
    CHECK(b.printer.attempts == 1);
    auto next = b.issue("commercial", "tap-2");
    REQUIRE(next.has_value());
    CHECK(next->ticket.number == "A002");  // a voided number is not given again
}

TEST_CASE("the same idempotency key gets the earlier ticket back, and nothing is printed twice") {
    TicketBench b;
    auto first = b.issue("commercial", "tap-1");
    REQUIRE(first.has_value());
    auto again = b.issue("commercial", "tap-1");
    REQUIRE(again.has_value());
    CHECK(again->existing);
    CHECK(again->ticket.id == first->ticket.id);
    CHECK(b.printer.printed.size() == 1);
    CHECK(b.today().size() == 1);
}

TEST_CASE("a repeated tap gets its ticket even when the printer has run out of paper since") {
    TicketBench b;
    auto first = b.issue("commercial", "tap-1");
    REQUIRE(first.has_value());
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper);
    auto again = b.issue("commercial", "tap-1");
    REQUIRE_MESSAGE(again.has_value(), (again ? std::string_view{} : again.error().code.name()));
    CHECK(again->existing);
    CHECK(again->ticket.id == first->ticket.id);
    CHECK(b.printer.attempts == 1);
}

TEST_CASE("a printer that is not ready refuses the ticket before anything is committed") {
    TicketBench b;
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_cover_open, "DLE EOT 2: 0x04");
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_FALSE(issued.has_value());
    CHECK(issued.error().code.name() == "printer_cover_open");
    CHECK(b.printer.attempts == 0);
    CHECK(b.today().empty());
    b.printer.setHealth(hal::HealthLevel::warning, hal::Errc::printer_paper_near_end);  // still prints
    CHECK(b.issue("commercial", "tap-2").has_value());
}

TEST_CASE("a board without a printer driver refuses tickets as driver_unavailable") {
    TicketBench b;
    auto deps = b.deps();
    deps.printer = nullptr;
    ticket::TicketService no_printer(std::move(deps));
    auto issued = b.issue(no_printer, "commercial", "tap-1");
    REQUIRE_FALSE(issued.has_value());
    CHECK(issued.error().code.name() == "driver_unavailable");
    CHECK(b.today().empty());
}

TEST_CASE("a ticket the store cannot write is an error and nothing is printed") {
    TicketBench b;
    b.db.denyWrites("tickets");
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_FALSE(issued.has_value());
    CHECK(issued.error().code.name() == "storage_error");
    CHECK(b.db.denied() > 0);
    CHECK(b.printer.attempts == 0);
    b.db.allowWrites();
    CHECK(b.today().empty());
}

TEST_CASE("a printed ticket the disk cannot record is kept, named on /health, and recorded once it can") {
    TicketBench b;
    b.printer.on_print = [&b] { b.db.denyWrites("tickets"); };  // the disk fails while the paper comes out
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));  // the citizen holds it
    b.printer.on_print = nullptr;
    const hal::Health health = b.tickets.storageHealth();
    CHECK(health.level == hal::HealthLevel::critical);
    CHECK(health.code.name() == "storage_error");
    CHECK(health.detail.starts_with("1 printed ticket(s) not yet recorded as printed: "));

    // While the disk still fails, nothing new is committed or printed.
    CHECK(errorCode(b.issue("commercial", "tap-2")) == "storage_error");
    CHECK(b.printer.printed.size() == 1);

    // Once it takes writes again, the next tap records the first ticket before its own.
    b.db.allowWrites();
    auto next = b.issue("commercial", "tap-3");
    REQUIRE_MESSAGE(next.has_value(), (next ? "" : next.error().message));
    CHECK(next->ticket.number == "A002");
    const auto today = b.today();
    REQUIRE(today.size() == 2);
    CHECK(today[0].status == store::TicketStatus::printed);
    CHECK(today[0].print_outcome.empty());
    CHECK(b.tickets.storageHealth().level == hal::HealthLevel::ok);
}

TEST_CASE("unknown services and closed categories are refused without touching the printer") {
    TicketBench b;
    CHECK(errorCode(b.issue("no-such-service", "tap-1")) == "unknown_service");
    CHECK(errorCode(b.issue("tax", "tap-2")) == "category_closed");              // 08:30-08:31 only
    CHECK(errorCode(b.issue("tax-iit-enquiry", "tap-3")) == "category_closed");  // a service of tax
    CHECK(b.printer.attempts == 0);
    CHECK(b.today().empty());
}

TEST_CASE("a service item issues its category's ticket") {
    TicketBench b;
    auto issued = b.issue("re-transfer", "tap-1");
    REQUIRE(issued.has_value());
    CHECK(issued->ticket.category == "real_estate");
    CHECK(issued->ticket.service_id == "re-transfer");
    CHECK(issued->ticket.number == "B001");
}

TEST_CASE("online, the ticket carries the hall's number, window and wait") {
    TicketBench b;
    auto service = b.online();
    b.hall_server.number("A123", "7", 4, 12);
    auto issued = b.issue(*service, "commercial", "tap-1");
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    CHECK(issued->ticket.number == "A123");
    CHECK(issued->ticket.windows == "7");
    CHECK(issued->ticket.waiting_ahead == 4);
    CHECK(issued->ticket.est_wait_min == 12);
    CHECK_FALSE(issued->ticket.offline);
    REQUIRE(b.hall_server.calls.size() == 1);
    CHECK(b.hall_server.calls[0].what == "tickets");
    CHECK(b.hall_server.calls[0].body.find(R"("service_id":"commercial")") != std::string::npos);
    CHECK(b.hall_server.calls[0].timeout == 100ms);
    CHECK(b.printer.printed.size() == 1);
}

TEST_CASE("when the hall fails or is too slow, the kiosk numbers offline with its prefix") {
    TicketBench b;
    SUBCASE("unreachable") {
        b.hall_server.failure(hall::Errc::hall_unreachable);
    }
    SUBCASE("timeout") {
        b.hall_server.slow(2s);  // the fake gives up at the service's 100 ms, as the client does
    }
    SUBCASE("an HTTP error") {
        b.hall_server.answer(503, "busy");
    }
    SUBCASE("an answer that is not a number") {
        b.hall_server.answer(201, R"({"number":"A 1; drop","window":"3"})");
    }
    auto service = b.online();
    const auto started = std::chrono::steady_clock::now();
    auto issued = b.issue(*service, "commercial", "tap-1");
    CHECK(std::chrono::steady_clock::now() - started < 1500ms);
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    CHECK(issued->ticket.number == "K1A001");
    CHECK(issued->ticket.offline);
    CHECK(b.hall_server.calls.size() == 1);
    CHECK(b.printer.printed.size() == 1);
}

namespace {

// The type and data of the outbox event of `ticket_id`'s abandoned hall request ("" when there is none).
std::string abandonedEvent(TicketBench& b, const std::string& ticket_id) {
    auto event = b.db.db().prepare("SELECT type, data FROM outbox WHERE id = ?1");
    REQUIRE(event.has_value());
    event->bind(1, ticket_id + "/abandoned");
    auto row = event->step();
    REQUIRE(row.has_value());
    return *row ? event->text(0) + " " + event->text(1) : "";
}

}  // namespace

TEST_CASE("the hall is asked under the tap's key, and a number the kiosk gave up on is reported to it") {
    TicketBench b;
    std::string reason;
    SUBCASE("too slow") {
        b.hall_server.slow(2s);
        reason = "hall_timeout";
    }
    SUBCASE("a server error") {
        b.hall_server.answer(503, "busy");
        reason = "http_503";
    }
    SUBCASE("an answer that is not a number") {
        b.hall_server.answer(201, R"({"number":"A 1; drop","window":"3"})");
        reason = "hall_bad_answer";
    }
    SUBCASE("an answer cut off") {
        b.hall_server.failure(hall::Errc::hall_protocol_error);
        reason = "hall_protocol_error";
    }
    SUBCASE("no connection: the request never reached the hall, nothing to report") {
        b.hall_server.failure(hall::Errc::hall_unreachable);
    }
    SUBCASE("a refusal: the hall numbered nothing") {
        b.hall_server.answer(409, R"({"error":"abandoned"})");
    }
    auto service = b.online();
    auto issued = b.issue(*service, "commercial", "tap-1");
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    CHECK(issued->ticket.number == "K1A001");
    REQUIRE(b.hall_server.calls.size() == 1);
    CHECK(b.hall_server.calls[0].idempotency_key == "tap-1");
    const std::string expected =
        reason.empty()
            ? ""
            : R"(ticket_abandoned {"ticket_id":"20261127-K1A001","idempotency_key":"tap-1","reason":")" +
                  reason + R"("})";
    CHECK(abandonedEvent(b, issued->ticket.id) == expected);
}

TEST_CASE("a ticket without a tap's key (a pre-registration) asks the hall under a key of its own") {
    TicketBench b;
    auto service = b.online();
    b.hall_server.number("A123").number("A124");
    REQUIRE(b.issue(*service, "commercial").has_value());
    REQUIRE(b.issue(*service, "commercial").has_value());
    REQUIRE(b.hall_server.calls.size() == 2);
    const std::string& first = b.hall_server.calls[0].idempotency_key;
    CHECK(first.size() == 6 + 32);
    CHECK(first.starts_with("kiosk-"));
    CHECK(b.hall_server.calls[1].idempotency_key != first);
}

TEST_CASE("offline numbering stays for the back-off window, then the hall numbers again") {
    TicketBench b;
    constexpr auto backoff = 5s;
    auto service = b.online(backoff);
    b.hall_server.failure(hall::Errc::hall_unreachable).number("A500");
    auto first = b.issue(*service, "commercial", "tap-1");
    REQUIRE(first.has_value());
    CHECK(first->ticket.number == "K1A001");
    b.steady_now += backoff - 1ms;
    auto second = b.issue(*service, "commercial", "tap-2");  // within the back-off: the hall is not asked
    REQUIRE(second.has_value());
    CHECK(second->ticket.number == "K1A002");
    CHECK(b.hall_server.calls.size() == 1);
    b.steady_now += 1ms;
    auto third = b.issue(*service, "commercial", "tap-3");
    REQUIRE(third.has_value());
    CHECK(third->ticket.number == "A500");
    CHECK_FALSE(third->ticket.offline);
    CHECK(b.hall_server.calls.size() == 2);
}

TEST_CASE("a hall without a server: numbers are the kiosk's own, with no offline prefix") {
    TicketBench b;
    auto issued = b.issue("commercial", "tap-1");
    REQUIRE(issued.has_value());
    CHECK(issued->ticket.number == "A001");
    CHECK_FALSE(issued->ticket.offline);
    CHECK(b.hall_server.calls.empty());
}

TEST_CASE(
    "a clock gone back issues nothing until it passes the newest ticket; midnight starts the next day once") {
    TicketBench b;
    auto first = b.issue("commercial", "tap-1");
    REQUIRE(first.has_value());
    b.clock.set(testing::shanghai(2026, 11, 27, 9, 59));
    auto behind = b.issue("commercial", "tap-2");
    REQUIRE_FALSE(behind.has_value());
    CHECK(behind.error().code == ticket::Errc::clock_behind);
    CHECK(b.printer.printed.size() == 1);
    CHECK(b.today().size() == 1);
    // The same tap again once the clock is right gets a ticket; the earlier tap's retry always got its own.
    CHECK(b.issue("commercial", "tap-1")->ticket.number == first->ticket.number);
    b.clock.set(testing::shanghai(2026, 11, 28, 0, 1));  // a jump forward over midnight
    auto next_day = b.issue("commercial", "tap-3");
    REQUIRE(next_day.has_value());
    CHECK(next_day->ticket.day == "2026-11-28");
    CHECK(next_day->ticket.number == first->ticket.number);  // the new day's first number
    b.clock.set(testing::shanghai(2026, 11, 27, 23, 59));    // and back again: the old day is not reopened
    CHECK(errorCode(b.issue("commercial", "tap-4")) == "clock_behind");
    b.clock.set(testing::shanghai(2026, 11, 28, 0, 2));
    auto later = b.issue("commercial", "tap-5");
    REQUIRE(later.has_value());
    CHECK(later->ticket.day == "2026-11-28");
    CHECK(later->ticket.number != next_day->ticket.number);
    CHECK(b.today().size() == 1);
}

TEST_CASE("a test print goes through the printer with its errors, and nothing is stored") {
    TicketBench b;
    REQUIRE(testing::run(b.io, b.tickets.printTest()).has_value());
    CHECK(b.printer.printed.size() == 1);
    b.printer.failNextPrint(hal::Errc::printer_cover_open);
    auto failed = testing::run(b.io, b.tickets.printTest());
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code.name() == "printer_cover_open");
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_offline);
    CHECK(errorCode(testing::run(b.io, b.tickets.printTest())) == "printer_offline");
    CHECK(b.printer.attempts == 2);
    CHECK(b.today().empty());
}

namespace {

// TicketService::Deps built from these, with or without the store.
template <class Deps>
concept buildsWith = requires(boost::asio::any_io_executor e, store::TicketStore& store,
                              const catalog::HallCatalog& hall, ticket::TicketLayout& layout,
                              metrics::Registry& metrics, const Clock& clock) {
    Deps{.store_executor = e,
         .render_executor = e,
         .store = store,
         .hall = hall,
         .layout = layout,
         .metrics = metrics,
         .clock = clock};
};
template <class Deps>
concept buildsWithoutStore = requires(boost::asio::any_io_executor e, const catalog::HallCatalog& hall,
                                      ticket::TicketLayout& layout, metrics::Registry& metrics,
                                      const Clock& clock) {
    Deps{.store_executor = e,
         .render_executor = e,
         .hall = hall,
         .layout = layout,
         .metrics = metrics,
         .clock = clock};
};

}  // namespace

TEST_CASE(
    "a ticket service without its store does not compile: a missing dependency is no crash at run time") {
    static_assert(buildsWith<ticket::TicketService::Deps>);
    static_assert(!buildsWithoutStore<ticket::TicketService::Deps>);
    CHECK(buildsWith<ticket::TicketService::Deps>);
}
