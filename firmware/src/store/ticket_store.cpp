// Ticket persistence: every ticket is committed (synchronous=FULL) before it is printed.
#include "store/ticket_store.hpp"

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "store/errors.hpp"
#include "store/internal/journal.hpp"
#include "store/queue_store.hpp"

namespace yici::store {
namespace {

// What the hall receives about a ticket: no personal data (a registration is its own event).
std::string ticketEvent(const Ticket& t) {
    boost::json::object o{{"ticket_id", t.id},
                          {"number", t.number},
                          {"category", t.category},
                          {"service_id", t.service_id},
                          {"priority", queue::priorityName(t.priority)},
                          {"priority_claim", t.priority_claim},
                          {"windows", t.windows},
                          {"issued_at", t.issued_at},
                          {"waiting_ahead", t.waiting_ahead},
                          {"est_wait_min", t.est_wait_min},
                          {"offline", t.offline}};
    if (!t.registration_id.empty()) o["registration_id"] = t.registration_id;
    return boost::json::serialize(o);
}

// One audit row (by `actor`) and the hall's event (id ID/SUFFIX) of what became of ticket `id`: both carry
// `detail`; the event also names the ticket (and its number, when given) in front of it.
Expected<void> journalTicket(Database& db, std::string_view id, std::string_view number, std::string_view at,
                             std::string_view type, std::string_view suffix,
                             const boost::json::object& detail, std::string_view actor = "kiosk") {
    const std::string detail_json = boost::json::serialize(detail);
    if (auto ok = appendAudit(db, {at, actor, type, id, detail_json}); !ok) return ok;
    boost::json::object event{{"ticket_id", id}};
    if (!number.empty()) event["number"] = number;
    for (const auto& field : detail) event[field.key()] = field.value();
    return enqueueEvent(db, std::string(id) + "/" + std::string(suffix), type, at,
                        boost::json::serialize(event));
}

TicketStatus statusFrom(std::string_view s) {
    if (s == "printed") return TicketStatus::printed;
    if (s == "voided") return TicketStatus::voided;
    if (s == "not_taken") return TicketStatus::not_taken;
    return TicketStatus::printing;
}

}  // namespace

Ticket readTicket(const Statement& row) {
    Ticket t;
    t.id = row.text(0);
    t.day = row.text(1);
    t.number = row.text(2);
    t.category = row.text(3);
    t.service_id = row.text(4);
    t.priority =
        queue::priorityFrom(row.text(5)).value_or(queue::Priority::normal);  // only its names are written
    t.windows = row.text(6);
    t.issued_at = row.text(7);
    t.issued_at_unix = row.integer(8);
    t.waiting_ahead = static_cast<int>(row.integer(9));
    t.est_wait_min = static_cast<int>(row.integer(10));
    t.offline = row.integer(11) != 0;
    t.status = statusFrom(row.text(12));
    t.void_reason = row.optionalText(13).value_or("");
    t.est_wait_low_min = static_cast<int>(row.integer(14));
    t.est_wait_high_min = static_cast<int>(row.integer(15));
    t.registration_id = row.optionalText(16).value_or("");
    t.called_window = row.optionalText(17).value_or("");
    t.priority_claim = row.integer(18) != 0;
    t.print_outcome = row.optionalText(19).value_or("");
    t.reprints = static_cast<int>(row.integer(20));
    return t;
}

std::string_view statusName(TicketStatus status) {
    switch (status) {
        case TicketStatus::printing:
            return "printing";
        case TicketStatus::printed:
            return "printed";
        case TicketStatus::voided:
            return "voided";
        case TicketStatus::not_taken:
            return "not_taken";
    }
    return "printing";
}

Expected<std::optional<Ticket>> TicketStore::findOne(std::string_view where, std::string_view a,
                                                     std::string_view b) {
    auto stmt = db_->prepare(fmt::format("SELECT {} FROM tickets WHERE {}", ticket_columns, where));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, a);
    if (!b.empty()) stmt->bind(2, b);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<Ticket>{};
    return std::optional<Ticket>(readTicket(*stmt));
}

Expected<std::optional<Ticket>> TicketStore::findByKey(std::string_view key) {
    return findOne("idempotency_key = ?1", key);
}

Expected<std::optional<Ticket>> TicketStore::findById(std::string_view id) {
    return findOne("id = ?1", id);
}

Expected<std::optional<Ticket>> TicketStore::findByNumber(std::string_view day, std::string_view number) {
    return findOne("day = ?1 AND number = ?2", day, number);
}

Expected<IssueResult> TicketStore::issue(const NewTicket& request) {
    return inTransaction(*db_, [&]() -> Expected<IssueResult> {
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
    // Kiosk numbers count per letter; offline numbers per prefix and letter, apart from the hall's.
    const std::string letter = request.offline_prefix + std::string(1, request.letter);
    std::int64_t next = 0;
    if (!request.hall) {
        auto counter = db_->prepare("SELECT last FROM ticket_counters WHERE day = ?1 AND letter = ?2");
        if (!counter) return std::unexpected(counter.error());
        counter->bind(1, request.day).bind(2, letter);
        auto row = counter->step();
        if (!row) return std::unexpected(row.error());
        next = (*row ? counter->integer(0) : 0) + 1;
        if (next > max_number) {
            return fail(
                Errc::ticket_numbers_exhausted,
                fmt::format("category {} has issued all {} numbers today", request.category, max_number));
        }
    }

    auto state = queueState(*db_, request.day, request.category, request.normal_per_priority);
    if (!state) return std::unexpected(state.error());
    auto service_s = serviceSeconds(*db_, request.category, request.seed_service_s);
    if (!service_s) return std::unexpected(service_s.error());

    Ticket t;
    t.day = request.day;
    t.number = request.hall ? request.hall->number : fmt::format("{}{:03}", letter, next);
    t.id = fmt::format("{}-{}", request.compact_day, t.number);
    t.category = request.category;
    t.service_id = request.service_id;
    t.priority = request.priority;
    t.priority_claim = request.priority_claim;
    t.windows = request.windows;
    t.issued_at = request.issued_at;
    t.issued_at_unix = request.issued_at_unix;
    t.waiting_ahead =
        queue::ticketsAhead(*state, request.priority != queue::Priority::normal, request.normal_per_priority);
    const queue::WaitEstimate wait =
        queue::estimateWait(t.waiting_ahead, *service_s, request.serving_windows);
    t.est_wait_min = wait.minutes;
    t.est_wait_low_min = wait.low_min;
    t.est_wait_high_min = wait.high_min;
    if (request.hall) {  // the hall keeps the queue: its window and its figures
        t.windows = request.hall->window;
        t.waiting_ahead = request.hall->waiting_ahead;
        const auto range = queue::rangeOf(request.hall->est_wait_min);
        t.est_wait_min = request.hall->est_wait_min;
        t.est_wait_low_min = range.low_min;
        t.est_wait_high_min = range.high_min;
    }
    t.offline = !request.offline_prefix.empty() && !request.hall;
    t.status = TicketStatus::printing;
    t.registration_id = request.registration_id;

    auto add = db_->prepare(
        "INSERT INTO tickets (id, day, number, category, service_id, priority, windows, issued_at, "
        "issued_at_unix, "
        "waiting_ahead, est_wait_min, offline, status, idempotency_key, est_wait_low_min, est_wait_high_min, "
        "registration_id, priority_claim) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'printing', ?13, ?14, ?15, ?16, ?17)");
    if (!add) return std::unexpected(add.error());
    add->bind(1, t.id).bind(2, t.day).bind(3, t.number).bind(4, t.category).bind(5, t.service_id);
    add->bind(6, queue::priorityName(t.priority))
        .bind(7, t.windows)
        .bind(8, t.issued_at)
        .bind(9, t.issued_at_unix);
    add->bind(10, std::int64_t{t.waiting_ahead})
        .bind(11, std::int64_t{t.est_wait_min})
        .bind(12, std::int64_t{t.offline ? 1 : 0});
    if (request.idempotency_key.empty()) {
        add->bindNull(13);
    } else {
        add->bind(13, request.idempotency_key);
    }
    add->bind(14, std::int64_t{t.est_wait_low_min}).bind(15, std::int64_t{t.est_wait_high_min});
    if (t.registration_id.empty()) {
        add->bindNull(16);
    } else {
        add->bind(16, t.registration_id);
    }
    add->bind(17, std::int64_t{t.priority_claim ? 1 : 0});
    if (auto ok = add->run(); !ok) return std::unexpected(ok.error());

    if (!request.hall) {
        auto bump = db_->prepare(
            "INSERT INTO ticket_counters (day, letter, last) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (day, letter) DO UPDATE SET last = excluded.last");
        if (!bump) return std::unexpected(bump.error());
        bump->bind(1, request.day).bind(2, letter).bind(3, next);
        if (auto ok = bump->run(); !ok) return std::unexpected(ok.error());
    }

    if (!t.registration_id.empty()) {
        auto attach = db_->prepare("UPDATE registrations SET ticket_id = ?2 WHERE id = ?1");
        if (!attach) return std::unexpected(attach.error());
        attach->bind(1, t.registration_id).bind(2, t.id);
        if (auto ok = attach->run(); !ok) return std::unexpected(ok.error());
    }
    const std::string detail =
        boost::json::serialize(boost::json::object{{"category", t.category},
                                                   {"service_id", t.service_id},
                                                   {"priority", queue::priorityName(t.priority)}});
    if (auto ok = appendAudit(*db_, {t.issued_at, "kiosk", "ticket_issued", t.id, detail}); !ok)
        return std::unexpected(ok.error());
    if (auto ok = enqueueEvent(*db_, t.id + "/issued", "ticket_issued", t.issued_at, ticketEvent(t)); !ok)
        return std::unexpected(ok.error());
    if (request.abandoned) {
        const std::string event = boost::json::serialize(
            boost::json::object{{"ticket_id", t.id},
                                {"idempotency_key", request.abandoned->idempotency_key},
                                {"reason", request.abandoned->reason}});
        if (auto ok = enqueueEvent(*db_, t.id + "/abandoned", "ticket_abandoned", t.issued_at, event); !ok)
            return std::unexpected(ok.error());
    }
    return t;
}

Expected<void> TicketStore::markPrinted(std::string_view id, std::string_view unconfirmed) {
    return inTransaction(*db_, [&]() -> Expected<void> {
        auto stmt = db_->prepare(
            "UPDATE tickets SET status = 'printed', print_outcome = ?2 WHERE id = ?1 AND status = 'printing' "
            "RETURNING number, issued_at");
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, id);
        if (!unconfirmed.empty()) stmt->bind(2, std::string_view("unconfirmed"));
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row || unconfirmed.empty()) return {};
        const std::string number = stmt->text(0), at = stmt->text(1);
        if (auto done = stmt->step(); !done) return std::unexpected(done.error());
        return journalTicket(*db_, id, number, at, "ticket_print_unconfirmed", "print_unconfirmed",
                             {{"detail", unconfirmed}});
    });
}

Expected<void> TicketStore::journalVoid(std::string_view id, std::string_view reason) {
    auto stmt = db_->prepare(
        "UPDATE tickets SET status = 'voided', void_reason = ?2 WHERE id = ?1 AND status = 'printing' "
        "RETURNING issued_at");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, reason);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};  // not printing (already voided or printed): nothing happened
    const std::string at = stmt->text(0);
    if (auto done = stmt->step(); !done) return std::unexpected(done.error());
    return journalTicket(*db_, id, {}, at, "ticket_voided", "voided", {{"reason", reason}});
}

Expected<void> TicketStore::markVoided(std::string_view id, std::string_view reason) {
    return inTransaction(*db_, [&] { return journalVoid(id, reason); });
}

Expected<bool> TicketStore::markNotTaken(std::string_view id, std::string_view at, std::string_view how) {
    return inTransaction(*db_, [&]() -> Expected<bool> {
        auto stmt = db_->prepare(
            "UPDATE tickets SET status = 'not_taken' WHERE id = ?1 AND status = 'printed' AND called_at IS "
            "NULL RETURNING number, reprints");
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return false;
        const std::string number = stmt->text(0);
        // Its reprints may be left in the mouth too: each time is its own event.
        const std::int64_t reprints = stmt->integer(1);
        if (auto done = stmt->step(); !done) return std::unexpected(done.error());
        const std::string suffix = reprints == 0 ? "not_taken" : fmt::format("not_taken-{}", reprints);
        if (auto ok = journalTicket(*db_, id, number, at, "ticket_not_taken", suffix, {{"how", how}}); !ok)
            return std::unexpected(ok.error());
        return true;
    });
}

Expected<std::optional<Ticket>> TicketStore::markReprinted(std::string_view id, std::string_view at,
                                                           std::string_view by) {
    return inTransaction(*db_, [&]() -> Expected<std::optional<Ticket>> {
        auto stmt = db_->prepare(fmt::format(
            "UPDATE tickets SET status = 'printed', reprints = reprints + 1 WHERE id = ?1 AND status IN "
            "('printed', 'not_taken') RETURNING {}",
            ticket_columns));
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return std::optional<Ticket>{};
        Ticket t = readTicket(*stmt);
        if (auto done = stmt->step(); !done) return std::unexpected(done.error());
        if (auto ok = journalTicket(*db_, t.id, t.number, at, "ticket_reprinted",
                                    fmt::format("reprint-{}", t.reprints),
                                    {{"reprints", t.reprints}, {"reprinted_at", at}, {"by", by}}, by);
            !ok)
            return std::unexpected(ok.error());
        return std::optional<Ticket>(std::move(t));
    });
}

Expected<int> TicketStore::keepInterrupted() {
    return inTransaction(*db_, [&]() -> Expected<int> {
        auto stmt = db_->prepare(
            "UPDATE tickets SET status = 'printed', print_outcome = 'unknown' WHERE status = 'printing' "
            "RETURNING id, number, issued_at");
        if (!stmt) return std::unexpected(stmt.error());
        struct Kept {
            std::string id, number, at;
        };
        std::vector<Kept> kept;
        while (true) {
            auto row = stmt->step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            kept.push_back({stmt->text(0), stmt->text(1), stmt->text(2)});
        }
        for (const auto& [id, number, at] : kept) {
            if (auto ok = journalTicket(*db_, id, number, at, "ticket_print_unknown", "print_unknown",
                                        {{"reason", "interrupted_by_restart"}});
                !ok)
                return std::unexpected(ok.error());
        }
        return static_cast<int>(kept.size());
    });
}

Expected<std::int64_t> TicketStore::newestIssuedUnix() {
    auto stmt = db_->prepare("SELECT coalesce(max(issued_at_unix), 0) FROM tickets");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->integer(0) : 0;
}

Expected<int> TicketStore::waiting(std::string_view day, std::string_view category) {
    // queueState holds the one query for "still waiting"; the priority counter it also reads is unused here.
    auto state = queueState(*db_, day, category, 0);
    if (!state) return std::unexpected(state.error());
    return state->normal_waiting + state->priority_waiting;
}

Expected<std::vector<Ticket>> TicketStore::ticketsOfDay(std::string_view day) {
    auto stmt = db_->prepare(
        fmt::format("SELECT {} FROM tickets WHERE day = ?1 ORDER BY issued_at_unix, id", ticket_columns));
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

namespace yici::store {

Expected<QueueSnapshot> TicketStore::snapshot(std::string_view day, std::string_view category,
                                              int normal_per_priority, double seed_service_s) {
    auto state = queueState(*db_, day, category, normal_per_priority);
    if (!state) return std::unexpected(state.error());
    auto service_s = serviceSeconds(*db_, category, seed_service_s);
    if (!service_s) return std::unexpected(service_s.error());
    return QueueSnapshot{*state, *service_s};
}

}  // namespace yici::store
