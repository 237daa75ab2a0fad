// Outbox queries, bound parameters only.
#include "store/outbox_store.hpp"

namespace yici::store {

Expected<std::vector<OutboxEvent>> OutboxStore::pending(int limit, std::int64_t now_unix) {
    auto stmt = db_->prepare(
        "SELECT seq, id, type, at, data FROM outbox WHERE acked_at IS NULL AND "
        "(retry_unix IS NULL OR retry_unix <= ?2) ORDER BY seq LIMIT ?1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, std::int64_t{limit}).bind(2, now_unix);
    std::vector<OutboxEvent> out;
    while (true) {
        auto row = stmt->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back({stmt->integer(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->text(4)});
    }
    return out;
}

Expected<int> OutboxStore::acknowledge(const std::vector<std::string>& ids, std::int64_t now_unix) {
    return inTransaction(*db_, [&]() -> Expected<int> {
        int marked = 0;
        for (const auto& id : ids) {
            auto one = db_->prepare("UPDATE outbox SET acked_at = ?2 WHERE id = ?1 AND acked_at IS NULL");
            if (!one) return std::unexpected(one.error());
            one->bind(1, id).bind(2, now_unix);
            if (auto ok = one->run(); !ok) return std::unexpected(ok.error());
            marked += sqlite3_changes(db_->handle());
        }
        return marked;
    });
}

Expected<void> OutboxStore::hold(const std::vector<Hold>& holds, std::int64_t retry_unix) {
    return inTransaction(*db_, [&]() -> Expected<void> {
        for (const auto& h : holds) {
            auto one = db_->prepare(
                "UPDATE outbox SET held_reason = ?2, held_detail = ?3, retry_unix = ?4 "
                "WHERE id = ?1 AND acked_at IS NULL");
            if (!one) return std::unexpected(one.error());
            one->bind(1, h.id).bind(2, h.reason).bind(3, h.detail).bind(4, retry_unix);
            if (auto ok = one->run(); !ok) return std::unexpected(ok.error());
        }
        return {};
    });
}

Expected<void> OutboxStore::append(std::string_view id, std::string_view type, std::string_view at,
                                   std::string_view data) {
    auto stmt = db_->prepare(
        "INSERT OR IGNORE INTO outbox (id, type, at, data, enqueued_unix) "
        "VALUES (?1, ?2, ?3, ?4, CAST(strftime('%s', 'now') AS INTEGER))");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, type).bind(3, at).bind(4, data);
    return stmt->run();
}

Expected<int> OutboxStore::settleWithoutHall(std::int64_t now_unix) {
    auto stmt = db_->prepare("UPDATE outbox SET acked_at = ?1 WHERE acked_at IS NULL");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, now_unix);
    if (auto ok = stmt->run(); !ok) return std::unexpected(ok.error());
    return sqlite3_changes(db_->handle());
}

Expected<OutboxStats> OutboxStore::stats() {
    auto stmt =
        db_->prepare("SELECT count(*), coalesce(min(enqueued_unix), 0) FROM outbox WHERE acked_at IS NULL");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    OutboxStats stats{static_cast<int>(stmt->integer(0)), stmt->integer(1), {}};
    auto held = db_->prepare(
        "SELECT held_reason, count(*) FROM outbox WHERE acked_at IS NULL AND held_reason IS NOT NULL "
        "GROUP BY held_reason");
    if (!held) return std::unexpected(held.error());
    while (true) {
        auto next = held->step();
        if (!next) return std::unexpected(next.error());
        if (!*next) break;
        stats.held[held->text(0)] = static_cast<int>(held->integer(1));
    }
    return stats;
}

}  // namespace yici::store
