// Ticket store: migrations (one that removes a stored disability), numbering per local day, idempotency, and
// crash recovery.
#include <doctest/doctest.h>

#include <array>
#include <set>

#include "store/errors.hpp"
#include "store/pin_attempts_store.hpp"
#include "store/schema.hpp"
#include "store/ticket_store.hpp"
#include "testing.hpp"
#include "ticket/internal/new_ticket.hpp"

using namespace yici;
using testing::shanghai;

namespace {

catalog::Category estate() {
    catalog::Category c;
    c.id = "real_estate";
    c.letter = 'B';
    c.windows = {"4", "5"};
    c.avg_service_min = 20;
    for (auto& day : c.hours) day = {{8 * 60 + 30, 17 * 60}};
    return c;
}

store::NewTicket estateTicket(TimePoint at, std::string key = "", catalog::Category category = estate()) {
    catalog::HallCatalog hall;
    hall.categories.push_back(std::move(category));
    const auto& c = hall.categories[0];
    return ticket::newTicket(hall, c, c.id, queue::Priority::normal, at, std::move(key));
}

store::Ticket issue(store::TicketStore& s, TimePoint at, std::string key = "") {
    auto issued = s.issue(estateTicket(at, std::move(key)));
    REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
    return issued->ticket;
}

}  // namespace

TEST_CASE("a new database is migrated to the latest schema") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    CHECK(*db->userVersion() == static_cast<std::int64_t>(store::schemaMigrations().size()));
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode.has_value());
    REQUIRE(*mode->step());
    CHECK(mode->text(0) == "wal");
}

TEST_CASE("migrations run in order, once, and a database from newer firmware is refused") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "m.db");
    REQUIRE(db.has_value());
    const std::array<std::string_view, 1> v1 = {"CREATE TABLE a (x INTEGER)"};
    const std::array<std::string_view, 2> v2 = {"CREATE TABLE a (x INTEGER)",
                                                "ALTER TABLE a ADD COLUMN y TEXT"};
    REQUIRE(store::migrate(*db, v1).has_value());
    REQUIRE(db->exec("INSERT INTO a (x) VALUES (1)").has_value());
    REQUIRE(store::migrate(*db, v2).has_value());  // only step 2 runs: the row survives
    REQUIRE(store::migrate(*db, v2).has_value());  // nothing to do
    auto rows = db->prepare("SELECT count(*), count(y) FROM a");
    REQUIRE(*rows->step());
    CHECK(rows->integer(0) == 1);
    CHECK(*db->userVersion() == 2);
    auto refused = store::migrate(*db, v1);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == store::Errc::storage_too_new);
}

TEST_CASE("a database with the one shared PIN back-off of earlier firmware gets a back-off per staff card") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    REQUIRE(store::migrate(*db, store::schemaMigrations().first(8)).has_value());
    REQUIRE(db->exec("INSERT INTO pin_attempts (id, wrong_in_a_row, next_try_unix) VALUES (1, 9, 4102444800)")
                .has_value());
    REQUIRE(store::migrate(*db, store::schemaMigrations()).has_value());
    store::PinAttemptStore attempts(*db);
    const std::string card(32, 'a');
    CHECK(attempts.load(card) == store::PinAttempts{});  // the lock-out a stranger caused is gone
    REQUIRE(attempts.save(card, {.wrong_in_a_row = 5, .next_try_unix = 100}).has_value());
    CHECK(attempts.load(card) == store::PinAttempts{.wrong_in_a_row = 5, .next_try_unix = 100});
    CHECK(attempts.load(std::string(32, 'b')) == store::PinAttempts{});
}

TEST_CASE("a database of earlier firmware knows which of its printed tickets the printer never confirmed") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    REQUIRE(store::migrate(*db, store::schemaMigrations().first(9)).has_value());
    {
        store::TicketStore s(*db);
        issue(s, shanghai(2026, 11, 27, 9, 0));
        const auto silent = issue(s, shanghai(2026, 11, 27, 9, 1));
        // Step 9 firmware recorded an unconfirmed print only in the audit trail and the event.
        REQUIRE(db->exec("UPDATE tickets SET status = 'printed'").has_value());
        REQUIRE(
            db->exec("INSERT INTO audit (at, actor, action, subject) VALUES ('2026-11-27T09:01:00+08:00', "
                     "'kiosk', 'ticket_print_unconfirmed', '" +
                     silent.id + "')")
                .has_value());
    }
    REQUIRE(store::migrate(*db, store::schemaMigrations()).has_value());
    store::TicketStore s(*db);
    auto day = s.ticketsOfDay("2026-11-27");
    REQUIRE(day->size() == 2);
    CHECK((*day)[0].print_outcome.empty());
    CHECK((*day)[1].print_outcome == "unconfirmed");
}

TEST_CASE("a database of earlier firmware keeps every ticket when tickets learn not_taken") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    REQUIRE(store::migrate(*db, store::schemaMigrations().first(10)).has_value());
    std::string waiting_id, called_id;
    {
        store::TicketStore s(*db);
        waiting_id = issue(s, shanghai(2026, 11, 27, 9, 0)).id;
        called_id = issue(s, shanghai(2026, 11, 27, 9, 1)).id;
        REQUIRE(db->exec("UPDATE tickets SET status = 'printed', print_outcome = 'unknown'").has_value());
        REQUIRE(
            db->exec("UPDATE tickets SET called_at = 1, called_window = '4' WHERE id = '" + called_id + "'")
                .has_value());
    }
    REQUIRE(store::migrate(*db, store::schemaMigrations()).has_value());
    store::TicketStore s(*db);
    auto day = s.ticketsOfDay("2026-11-27");
    REQUIRE(day->size() == 2);
    CHECK((*day)[0].print_outcome == "unknown");
    CHECK((*day)[1].called_window == "4");
    // A ticket a window called is with its citizen: it cannot be marked not taken.
    CHECK_FALSE(s.markNotTaken(called_id, "2026-11-27T09:05:00+08:00", "retracted").value());
    CHECK(s.markNotTaken(waiting_id, "2026-11-27T09:05:00+08:00", "retracted").value());
    CHECK((*s.findById(waiting_id))->status == store::TicketStatus::not_taken);
    CHECK_FALSE(s.markNotTaken(waiting_id, "2026-11-27T09:06:00+08:00", "retracted").value());
    CHECK(*s.waiting("2026-11-27", (*day)[0].category) == 0);
    auto indexes = db->prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' "
        "AND name IN ('tickets_by_day_category', 'tickets_by_window')");
    REQUIRE(*indexes->step());
    CHECK(indexes->integer(0) == 2);
}

TEST_CASE("a database whose firmware stored a declared disability keeps the claims and loses the word") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    REQUIRE(store::migrate(*db, store::schemaMigrations().first(7)).has_value());
    REQUIRE(db->exec(R"sql(
INSERT INTO tickets (id, day, number, category, service_id, priority, windows, issued_at, issued_at_unix,
                     waiting_ahead, est_wait_min, status)
  VALUES ('20261127-F003', '2026-11-27', 'F003', 'tax', 'tax', 'disabled', '15', 'x', 0, 0, 0, 'printed'),
         ('20261127-F004', '2026-11-27', 'F004', 'tax', 'tax', 'elderly', '15', 'x', 0, 0, 0, 'printed');
INSERT INTO registrations (id, code, day, service_id, category, citizen_key, has_card, priority,
                           priority_reasons, missing_materials, created_at, created_at_unix)
  VALUES ('20261127-K7M2QX', 'K7M2QX', '2026-11-27', 'tax', 'tax', 'k', 0, 'disabled',
          '["disabled","appointment"]', '[]', 'x', 0);
INSERT INTO outbox (id, type, at, data) VALUES
  ('20261127-F003/issued', 'ticket_issued', 'x', '{"ticket_id":"20261127-F003","priority":"disabled"}'),
  ('20261127-K7M2QX/created', 'registration_created', 'x',
   '{"priority":"disabled","priority_reasons":["disabled","appointment"]}');
INSERT INTO audit (at, actor, action, subject, detail)
  VALUES ('x', 'kiosk', 'ticket_issued', '20261127-F003', '{"category":"tax","priority":"disabled"}');
)sql")
                .has_value());

    REQUIRE(store::migrate(*db, store::schemaMigrations()).has_value());
    auto tickets = db->prepare("SELECT number, priority, priority_claim FROM tickets ORDER BY number");
    REQUIRE(*tickets->step());
    CHECK(tickets->text(1) == "normal");
    CHECK(tickets->integer(2) == 1);  // a claim staff confirm at the desk
    REQUIRE(*tickets->step());
    CHECK(tickets->text(1) == "elderly");
    CHECK(tickets->integer(2) == 0);
    auto registration = db->prepare("SELECT priority, priority_reasons, priority_claim FROM registrations");
    REQUIRE(*registration->step());
    CHECK(registration->text(0) == "normal");
    CHECK(registration->text(1) == R"(["appointment"])");
    CHECK(registration->integer(2) == 1);
    auto events = db->prepare("SELECT data FROM outbox ORDER BY seq");
    REQUIRE(*events->step());
    CHECK(events->text(0) == R"({"ticket_id":"20261127-F003","priority":"normal"})");
    REQUIRE(*events->step());
    CHECK(events->text(0) == R"({"priority":"normal","priority_reasons":["appointment"]})");
    auto audit = db->prepare("SELECT detail FROM audit");
    REQUIRE(*audit->step());
    CHECK(audit->text(0) == R"({"category":"tax","priority":"normal"})");
    CHECK_FALSE(db->exec("UPDATE audit SET actor = 'x'").has_value());  // append-only again
}

TEST_CASE("a failing migration leaves the database at its previous version") {
    testing::TempDir dir;
    auto db = store::Database::open(dir.path() / "m.db");
    const std::array<std::string_view, 2> broken = {"CREATE TABLE a (x INTEGER)",
                                                    "ALTER TABLE nope ADD COLUMN y"};
    auto result = store::migrate(*db, broken);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message.starts_with("migration 2: "));
    CHECK(*db->userVersion() == 1);
}

TEST_CASE("numbers reset at local midnight in Asia/Shanghai, not at UTC midnight") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    // 07:59 and 08:01 local are either side of UTC midnight: same local day, numbering goes on.
    CHECK(issue(*s, shanghai(2026, 11, 27, 7, 59)).number == "B001");
    CHECK(issue(*s, shanghai(2026, 11, 27, 8, 1)).number == "B002");
    const auto late = issue(*s, shanghai(2026, 11, 27, 23, 59, 59));
    CHECK(late.number == "B003");
    CHECK(late.id == "20261127-B003");
    CHECK(late.issued_at == "2026-11-27T23:59:59+08:00");
    const auto next_day = issue(*s, shanghai(2026, 11, 28, 0, 0, 1));
    CHECK(next_day.number == "B001");
    CHECK(next_day.id == "20261128-B001");
    CHECK(next_day.day == "2026-11-28");
}

TEST_CASE("numbers are never reused after the database is reopened") {
    testing::TempDir dir;
    std::set<std::string> seen;
    for (int run = 0; run < 3; ++run) {
        auto db_ = store::openDatabase(dir.path() / "yici.db");
        REQUIRE(db_.has_value());
        auto s = std::make_unique<store::TicketStore>(*db_);
        for (int i = 0; i < 5; ++i)
            CHECK(seen.insert(issue(*s, shanghai(2026, 11, 27, 9, run)).number).second);
    }
    CHECK(seen.size() == 15);
}

TEST_CASE("the same idempotency key returns the earlier ticket instead of a new one") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    auto first = s->issue(estateTicket(shanghai(2026, 11, 27, 9, 0), "tap-1"));
    auto again = s->issue(estateTicket(shanghai(2026, 11, 27, 9, 0), "tap-1"));
    REQUIRE(first.has_value());
    REQUIRE(again.has_value());
    CHECK_FALSE(first->existing);
    CHECK(again->existing);
    CHECK(again->ticket.id == first->ticket.id);
    CHECK(issue(*s, shanghai(2026, 11, 27, 9, 1), "tap-2").number == "B002");
}

TEST_CASE("people ahead and the estimated wait count the tickets still waiting") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    const auto a = issue(*s, shanghai(2026, 11, 27, 9, 0));
    CHECK(a.waiting_ahead == 0);
    issue(*s, shanghai(2026, 11, 27, 9, 0));
    const auto c = issue(*s, shanghai(2026, 11, 27, 9, 0));
    CHECK(c.waiting_ahead == 2);
    CHECK(c.est_wait_min == 20);  // 2 people × 20 min over 2 windows
    REQUIRE(s->markVoided(a.id, "printer_out_of_paper").has_value());
    CHECK(*s->waiting("2026-11-27", "real_estate") == 2);
}

TEST_CASE("after a crash, a ticket caught mid-print waits in the queue with an unknown outcome, reported") {
    testing::TempDir dir;
    {
        auto db_ = store::openDatabase(dir.path() / "yici.db");
        REQUIRE(db_.has_value());
        auto s = std::make_unique<store::TicketStore>(*db_);
        const auto printed = issue(*s, shanghai(2026, 11, 27, 9, 0));
        REQUIRE(s->markPrinted(printed.id).has_value());
        issue(*s, shanghai(2026, 11, 27, 9, 1));  // the crash comes while this one prints
    }
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    CHECK(*s->keepInterrupted() == 1);
    auto day = s->ticketsOfDay("2026-11-27");
    REQUIRE(day->size() == 2);
    CHECK((*day)[0].status == store::TicketStatus::printed);
    CHECK((*day)[0].print_outcome.empty());
    CHECK((*day)[1].status == store::TicketStatus::printed);  // its citizen most likely holds it
    CHECK((*day)[1].print_outcome == "unknown");
    CHECK(*s->waiting("2026-11-27", "real_estate") == 2);
    auto event = db_->prepare("SELECT type, data FROM outbox WHERE id = ?1");
    REQUIRE(event.has_value());
    event->bind(1, (*day)[1].id + "/print_unknown");
    REQUIRE(*event->step());
    CHECK(event->text(0) == "ticket_print_unknown");
    CHECK(event->text(1) == R"({"ticket_id":")" + (*day)[1].id +
                                R"(","number":"B002",)"
                                R"("reason":"interrupted_by_restart"})");
    auto audit = db_->prepare("SELECT count(*) FROM audit WHERE action = 'ticket_print_unknown'");
    REQUIRE(audit.has_value());
    REQUIRE(*audit->step());
    CHECK(audit->integer(0) == 1);
    CHECK(*s->keepInterrupted() == 0);  // reported once
    CHECK(issue(*s, shanghai(2026, 11, 27, 9, 2)).number == "B003");
}

TEST_CASE("a category stops at 999 tickets a day with a clear error") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    auto db = store::Database::open(dir.path() / "yici.db");
    REQUIRE(db->exec("INSERT INTO ticket_counters (day, letter, last) VALUES ('2026-11-27', 'B', 999)")
                .has_value());
    auto refused = s->issue(estateTicket(shanghai(2026, 11, 27, 9, 0)));
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == store::Errc::ticket_numbers_exhausted);
}

TEST_CASE("renaming a category in the hall file mid-day keeps its letter's numbering going") {
    testing::TempDir dir;
    auto db_ = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db_.has_value());
    auto s = std::make_unique<store::TicketStore>(*db_);
    CHECK(issue(*s, shanghai(2026, 11, 27, 9, 0)).number == "B001");
    auto renamed = estate();
    renamed.id = "real_estate_registration";
    auto next = s->issue(estateTicket(shanghai(2026, 11, 27, 10, 0), "", renamed));
    REQUIRE(next.has_value());
    CHECK(next->ticket.number == "B002");
}
