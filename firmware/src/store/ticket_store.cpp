// Ticket persistence: every ticket is committed (synchronous=FULL) before it is printed.
#include "ticket_store.hpp"

#include <fmt/format.h>

#include <array>

namespace yici::store {
namespace {

constexpr std::string_view columns =
    "id, day, number, category, service_id, priority, windows, issued_at, issued_at_unix, waiting_ahead, "
    "est_wait_min, offline, status, void_reason";

constexpr std::array<std::string_view, 1> migrations = {
    R"sql(
CREATE TABLE tickets (
    id              TEXT PRIMARY KEY,
    day             TEXT NOT NULL,
    number          TEXT NOT NULL,
    category        TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    priority        TEXT NOT NULL DEFAULT 'normal',
    windows         TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    issued_at_unix  INTEGER NOT NULL,
    waiting_ahead   INTEGER NOT NULL,
    est_wait_min    INTEGER NOT NULL,
    offline         INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('printing', 'printed', 'voided')),
    void_reason     TEXT,
    called_at       INTEGER,
    idempotency_key TEXT UNIQUE,
    UNIQUE (day, number)
);
CREATE INDEX tickets_by_day_category ON tickets (day, category, status);
CREATE TABLE ticket_counters (
    day    TEXT NOT NULL,
    letter TEXT NOT NULL,  -- numbers are unique per letter, whatever the hall manager renames
    last   INTEGER NOT NULL,
    PRIMARY KEY (day, letter)
);
)sql",
};

TicketStatus statusFrom(std::string_view s) {
    if (s == "printed") return TicketStatus::printed;
    if (s == "voided") return TicketStatus::voided;
    return TicketStatus::printing;
}

Ticket readTicket(const Statement& row) {
    Ticket t;
    t.id = row.text(0);
    t.day = row.text(1);
    t.number = row.text(2);
    t.category = row.text(3);
    t.service_id = row.text(4);
    t.priority = row.text(5);
    t.windows = row.text(6);
    t.issued_at = row.text(7);
    t.issued_at_unix = row.integer(8);
    t.waiting_ahead = static_cast<int>(row.integer(9));
    t.est_wait_min = static_cast<int>(row.integer(10));
    t.offline = row.integer(11) != 0;
    t.status = statusFrom(row.text(12));
    t.void_reason = row.optionalText(13).value_or("");
    return t;
}

}  // namespace

std::span<const std::string_view> schemaMigrations() {
    return migrations;
}

std::string_view statusName(TicketStatus status) {
    switch (status) {
        case TicketStatus::printing:
            return "printing";
        case TicketStatus::printed:
            return "printed";
        case TicketStatus::voided:
            return "voided";
    }
    return "printing";
}

Expected<TicketStore> TicketStore::open(const std::filesystem::path& file) {
    auto db = Database::open(file);
    if (!db) return std::unexpected(db.error());
    if (auto migrated = migrate(*db, migrations); !migrated) return std::unexpected(migrated.error());
    return TicketStore(std::move(*db));
}

Expected<std::optional<Ticket>> TicketStore::findByKey(std::string_view key) {
    auto stmt = db_.prepare(fmt::format("SELECT {} FROM tickets WHERE idempotency_key = ?1", columns));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<Ticket>{};
    return std::optional<Ticket>(readTicket(*stmt));
}

Expected<IssueResult> TicketStore::issue(const NewTicket& request) {
    return inTransaction(db_, [&]() -> Expected<IssueResult> {
        if (!request.idempotency_key.empty()) {
            auto found = findByKey(request.idempotency_key);
            if (!found) return std::unexpected(found.error());
            if (*found) return IssueResult{std::move(**found), true};
        }
        auto inserted = insert(request);
        if (!inserted) return std::unexpected(inserted.error());
        return IssueResult{std::move(*inserted), false};
    });
}

Expected<Ticket> TicketStore::insert(const NewTicket& request) {
    const std::string letter(1, request.letter);
    auto counter = db_.prepare("SELECT last FROM ticket_counters WHERE day = ?1 AND letter = ?2");
    if (!counter) return std::unexpected(counter.error());
    counter->bind(1, request.day).bind(2, letter);
    auto row = counter->step();
    if (!row) return std::unexpected(row.error());
    const std::int64_t next = (*row ? counter->integer(0) : 0) + 1;
    if (next > max_number) {
        return fail("ticket_numbers_exhausted",
                    fmt::format("category {} has issued all {} numbers today", request.category, max_number));
    }

    auto ahead = waiting(request.day, request.category);
    if (!ahead) return std::unexpected(ahead.error());

    Ticket t;
    t.day = request.day;
    t.number = fmt::format("{}{:03}", request.letter, next);
    t.id = fmt::format("{}-{}", request.compact_day, t.number);
    t.category = request.category;
    t.service_id = request.service_id;
    t.priority = request.priority;
    t.windows = request.windows;
    t.issued_at = request.issued_at;
    t.issued_at_unix = request.issued_at_unix;
    t.waiting_ahead = *ahead;
    const int windows = request.window_count > 0 ? request.window_count : 1;
    t.est_wait_min = (t.waiting_ahead * request.avg_service_min + windows - 1) / windows;
    t.status = TicketStatus::printing;

    auto add = db_.prepare(
        "INSERT INTO tickets (id, day, number, category, service_id, priority, windows, issued_at, "
        "issued_at_unix, "
        "waiting_ahead, est_wait_min, offline, status, idempotency_key) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'printing', ?13)");
    if (!add) return std::unexpected(add.error());
    add->bind(1, t.id).bind(2, t.day).bind(3, t.number).bind(4, t.category).bind(5, t.service_id);
    add->bind(6, t.priority).bind(7, t.windows).bind(8, t.issued_at).bind(9, t.issued_at_unix);
    add->bind(10, std::int64_t{t.waiting_ahead})
        .bind(11, std::int64_t{t.est_wait_min})
        .bind(12, std::int64_t{0});
    if (request.idempotency_key.empty()) {
        add->bindNull(13);
    } else {
        add->bind(13, request.idempotency_key);
    }
    if (auto ok = add->run(); !ok) return std::unexpected(ok.error());

    auto bump = db_.prepare(
        "INSERT INTO ticket_counters (day, letter, last) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (day, letter) DO UPDATE SET last = excluded.last");
    if (!bump) return std::unexpected(bump.error());
    bump->bind(1, request.day).bind(2, letter).bind(3, next);
    if (auto ok = bump->run(); !ok) return std::unexpected(ok.error());
    return t;
}

Expected<void> TicketStore::markPrinted(std::string_view id) {
    auto stmt = db_.prepare("UPDATE tickets SET status = 'printed' WHERE id = ?1 AND status = 'printing'");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id);
    return stmt->run();
}

Expected<void> TicketStore::markVoided(std::string_view id, std::string_view reason) {
    auto stmt = db_.prepare(
        "UPDATE tickets SET status = 'voided', void_reason = ?2 WHERE id = ?1 AND status = 'printing'");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, reason);
    return stmt->run();
}

Expected<int> TicketStore::voidInterrupted() {
    auto stmt = db_.prepare(
        "UPDATE tickets SET status = 'voided', void_reason = 'interrupted_by_restart' WHERE status = "
        "'printing'");
    if (!stmt) return std::unexpected(stmt.error());
    if (auto ok = stmt->run(); !ok) return std::unexpected(ok.error());
    return sqlite3_changes(db_.handle());
}

Expected<int> TicketStore::waiting(std::string_view day, std::string_view category) {
    auto stmt = db_.prepare(
        "SELECT count(*) FROM tickets WHERE day = ?1 AND category = ?2 AND status != 'voided' AND called_at "
        "IS NULL");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, day).bind(2, category);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return static_cast<int>(stmt->integer(0));
}

Expected<std::vector<Ticket>> TicketStore::ticketsOfDay(std::string_view day) {
    auto stmt = db_.prepare(
        fmt::format("SELECT {} FROM tickets WHERE day = ?1 ORDER BY issued_at_unix, id", columns));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, day);
    std::vector<Ticket> out;
    while (true) {
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back(readTicket(*stmt));
    }
    return out;
}

}  // namespace yici::store
