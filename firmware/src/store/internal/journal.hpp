// The two side tables every accepted record writes to, inside the caller's transaction: the append-only
// audit trail and the outbox of events for the hall. Neither ever holds personal data.
#pragma once

#include <string_view>

#include "store/database.hpp"

namespace yici::store {

struct AuditEntry {
    std::string_view at;             // local ISO 8601
    std::string_view actor;          // "kiosk", "citizen", "window:5"
    std::string_view action;         // "ticket_issued", "registration_created", …
    std::string_view subject;        // the record's id
    std::string_view detail = "{}";  // JSON, no personal data
};

Expected<void> appendAudit(Database& db, const AuditEntry& entry);

// `id` is the event's idempotency key for the hall; the same id twice is refused by the UNIQUE constraint.
Expected<void> enqueueEvent(Database& db, std::string_view id, std::string_view type, std::string_view at,
                            std::string_view data_json);

}  // namespace yici::store
