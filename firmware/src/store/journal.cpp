// Audit and outbox rows, bound parameters only.
#include "store/internal/journal.hpp"

namespace yici::store {

Expected<void> appendAudit(Database& db, const AuditEntry& e) {
    auto stmt =
        db.prepare("INSERT INTO audit (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, e.at).bind(2, e.actor).bind(3, e.action).bind(4, e.subject).bind(5, e.detail);
    return stmt->run();
}

Expected<void> enqueueEvent(Database& db, std::string_view id, std::string_view type, std::string_view at,
                            std::string_view data_json) {
    auto stmt = db.prepare(
        "INSERT INTO outbox (id, type, at, data, enqueued_unix) "
        "VALUES (?1, ?2, ?3, ?4, CAST(strftime('%s', 'now') AS INTEGER))");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id).bind(2, type).bind(3, at).bind(4, data_json);
    return stmt->run();
}

}  // namespace yici::store
