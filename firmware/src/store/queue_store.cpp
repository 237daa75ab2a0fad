// Window calls, completions and priority confirmations, each in one transaction with its audit row.
#include "store/queue_store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include "store/errors.hpp"
#include "store/internal/journal.hpp"

namespace yici::store {
namespace {

Expected<std::optional<std::string>> servingAt(Database& db, std::string_view window) {
    auto stmt = db.prepare("SELECT id FROM tickets WHERE called_window = ?1 AND completed_at IS NULL");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, window);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<std::string>{};
    return std::optional<std::string>(stmt->text(0));
}

Expected<void> closeWithoutSample(Database& db, std::string_view id, const WindowCall& call) {
    auto stmt = db.prepare("UPDATE tickets SET completed_at = ?2 WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, call.at_unix);
    if (auto ok = stmt->run(); !ok) return ok;
    const std::string actor = "window:" + call.window;
    return appendAudit(db, {call.at, actor, "ticket_not_answered", id});
}

}  // namespace

Expected<queue::QueueState> queueState(Database& db, std::string_view day, std::string_view category,
                                       int normal_per_priority) {
    auto counts = db.prepare(
        "SELECT coalesce(sum(priority = 'normal'), 0), coalesce(sum(priority != 'normal'), 0) FROM tickets "
        "WHERE day = ?1 AND category = ?2 AND status IN ('printing', 'printed') AND called_at IS NULL");
    if (!counts) return std::unexpected(counts.error());
    counts->bind(1, day).bind(2, category);
    if (auto row = counts->step(); !row) return std::unexpected(row.error());
    queue::QueueState state;
    state.normal_waiting = static_cast<int>(counts->integer(0));
    state.priority_waiting = static_cast<int>(counts->integer(1));

    auto counter =
        db.prepare("SELECT normal_since_priority FROM queue_state WHERE day = ?1 AND category = ?2");
    if (!counter) return std::unexpected(counter.error());
    counter->bind(1, day).bind(2, category);
    auto row = counter->step();
    if (!row) return std::unexpected(row.error());
    state.normal_since_priority = *row ? static_cast<int>(counter->integer(0)) : normal_per_priority;
    return state;
}

Expected<double> serviceSeconds(Database& db, std::string_view category, double seed_s) {
    auto stmt = db.prepare("SELECT seconds FROM service_times WHERE category = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, category);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return *row ? stmt->real(0) : seed_s;
}

Expected<std::optional<Ticket>> QueueStore::callNext(const WindowCall& call) {
    return inTransaction(*db_, [&]() -> Expected<std::optional<Ticket>> {
        auto serving = servingAt(*db_, call.window);
        if (!serving) return std::unexpected(serving.error());
        if (*serving) {
            if (auto ok = closeWithoutSample(*db_, **serving, call); !ok) return std::unexpected(ok.error());
        }
        auto state = queueState(*db_, call.day, call.category, call.normal_per_priority);
        if (!state) return std::unexpected(state.error());
        const bool priority = queue::callPriorityNext(*state, call.normal_per_priority);
        // Oldest first among the printed tickets of the chosen kind (one still printing is not in hand).
        auto pick = db_->prepare(fmt::format(
            "SELECT {} FROM tickets WHERE day = ?1 AND category = ?2 AND status = 'printed' AND called_at IS "
            "NULL AND (priority != 'normal') = ?3 ORDER BY issued_at_unix, id LIMIT 1",
            ticket_columns));
        if (!pick) return std::unexpected(pick.error());
        pick->bind(1, call.day).bind(2, call.category).bind(3, std::int64_t{priority ? 1 : 0});
        auto row = pick->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return std::optional<Ticket>{};
        const std::string id = pick->text(0);

        auto mark = db_->prepare("UPDATE tickets SET called_at = ?2, called_window = ?3 WHERE id = ?1");
        if (!mark) return std::unexpected(mark.error());
        mark->bind(1, id).bind(2, call.at_unix).bind(3, call.window);
        if (auto ok = mark->run(); !ok) return std::unexpected(ok.error());
        const queue::QueueState next = queue::afterCall(*state, priority);
        auto save = db_->prepare(
            "INSERT INTO queue_state (day, category, normal_since_priority) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (day, category) DO UPDATE SET normal_since_priority = "
            "excluded.normal_since_priority");
        if (!save) return std::unexpected(save.error());
        save->bind(1, call.day).bind(2, call.category).bind(3, std::int64_t{next.normal_since_priority});
        if (auto ok = save->run(); !ok) return std::unexpected(ok.error());
        const std::string actor = "window:" + call.window;
        if (auto ok = appendAudit(*db_, {call.at, actor, "ticket_called", id}); !ok)
            return std::unexpected(ok.error());
        // Re-read the row so the caller sees the call recorded.
        auto again = db_->prepare(fmt::format("SELECT {} FROM tickets WHERE id = ?1", ticket_columns));
        if (!again) return std::unexpected(again.error());
        again->bind(1, id);
        if (auto r = again->step(); !r || !*r) return fail(Errc::storage_error, "called ticket vanished");
        return std::optional<Ticket>(readTicket(*again));
    });
}

Expected<std::optional<Completion>> QueueStore::complete(const WindowCall& call, double seed_service_s) {
    return inTransaction(*db_, [&]() -> Expected<std::optional<Completion>> {
        auto stmt = db_->prepare(
            fmt::format("SELECT {}, called_at FROM tickets WHERE called_window = ?1 AND completed_at IS NULL",
                        ticket_columns));
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, call.window);
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return std::optional<Completion>{};
        Completion done;
        done.ticket = readTicket(*stmt);
        done.service_s = static_cast<double>(call.at_unix - stmt->integer(ticket_column_count));

        auto average = serviceSeconds(*db_, call.category, seed_service_s);
        if (!average) return std::unexpected(average.error());
        done.average_service_s = queue::updatedServiceSeconds(*average, done.service_s);

        auto mark = db_->prepare("UPDATE tickets SET completed_at = ?2 WHERE id = ?1");
        if (!mark) return std::unexpected(mark.error());
        mark->bind(1, done.ticket.id).bind(2, call.at_unix);
        if (auto ok = mark->run(); !ok) return std::unexpected(ok.error());
        auto learn = db_->prepare(
            "INSERT INTO service_times (category, seconds, samples) VALUES (?1, ?2, 1) "
            "ON CONFLICT (category) DO UPDATE SET seconds = excluded.seconds, samples = samples + 1");
        if (!learn) return std::unexpected(learn.error());
        learn->bind(1, call.category).bind(2, done.average_service_s);
        if (auto ok = learn->run(); !ok) return std::unexpected(ok.error());
        const std::string detail = boost::json::serialize(boost::json::object{{"service_s", done.service_s}});
        const std::string actor = "window:" + call.window;
        if (auto ok = appendAudit(*db_, {call.at, actor, "ticket_completed", done.ticket.id, detail}); !ok)
            return std::unexpected(ok.error());
        return std::optional<Completion>(std::move(done));
    });
}

Expected<PriorityConfirmed> QueueStore::confirmPriority(const PriorityConfirmation& confirmation) {
    return inTransaction(*db_, [&]() -> Expected<PriorityConfirmed> {
        auto find = db_->prepare(fmt::format(
            "SELECT {}, called_at FROM tickets WHERE day = ?1 AND number = ?2 AND status = 'printed'",
            ticket_columns));
        if (!find) return std::unexpected(find.error());
        find->bind(1, confirmation.day).bind(2, confirmation.number);
        auto row = find->step();
        if (!row) return std::unexpected(row.error());
        PriorityConfirmed result;
        if (!*row) return result;
        result.ticket = readTicket(*find);
        if (find->optionalText(ticket_column_count)) {
            result.outcome = PriorityConfirmed::Outcome::already_called;
            return result;
        }
        if (!result.ticket.priority_claim) {
            result.outcome = PriorityConfirmed::Outcome::no_claim;
            return result;
        }
        auto mark =
            db_->prepare("UPDATE tickets SET priority = 'confirmed', priority_claim = 0 WHERE id = ?1");
        if (!mark) return std::unexpected(mark.error());
        mark->bind(1, result.ticket.id);
        if (auto ok = mark->run(); !ok) return std::unexpected(ok.error());
        result.ticket.priority = queue::Priority::confirmed;
        result.ticket.priority_claim = false;
        const Ticket& t = result.ticket;
        if (auto ok = appendAudit(
                *db_, {confirmation.at, "staff:" + confirmation.staff, "priority_confirmed", t.id});
            !ok)
            return std::unexpected(ok.error());
        const std::string event =
            boost::json::serialize(boost::json::object{{"ticket_id", t.id},
                                                       {"number", t.number},
                                                       {"priority", queue::priorityName(t.priority)},
                                                       {"confirmed_by", confirmation.staff},
                                                       {"confirmed_at", confirmation.at}});
        if (auto ok = enqueueEvent(*db_, t.id + "/priority_confirmed", "ticket_priority_confirmed",
                                   confirmation.at, event);
            !ok)
            return std::unexpected(ok.error());
        result.outcome = PriorityConfirmed::Outcome::confirmed;
        return result;
    });
}

}  // namespace yici::store
