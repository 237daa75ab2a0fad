// Reading the outbox for delivery to the hall, in order, and recording the hall's acknowledgements.
// Rows are written by the record stores (store/journal.hpp). Runs on the store thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace yici::store {

struct OutboxEvent {
    std::int64_t seq = 0;
    std::string id;    // the idempotency key the hall de-duplicates on
    std::string type;  // "ticket_issued", "ticket_voided", "registration_created", "rating", …
    std::string at;    // local ISO 8601 of the record
    std::string data;  // JSON object, no personal data
};

struct OutboxStats {
    int pending = 0;                        // every unacknowledged event, held ones included
    std::int64_t oldest_enqueued_unix = 0;  // 0 when nothing is pending
    std::map<std::string, int> held;        // held back, by reason ("hall_rejected", …)
};

// Why the kiosk holds an event back; reasons are snake_case, shown on /health and in metrics.
struct Hold {
    std::string id;
    std::string reason;
    std::string detail;  // the hall's words or the error, for the technician
};

class OutboxStore {
  public:
    explicit OutboxStore(Database& db) : db_(&db) {}

    // The oldest `limit` events not yet acknowledged, in the order they were written, without those held
    // back until after `now_unix`.
    Expected<std::vector<OutboxEvent>> pending(int limit, std::int64_t now_unix);
    // Holds these events back until `retry_unix`; they stay pending and are offered again then.
    Expected<void> hold(const std::vector<Hold>& holds, std::int64_t retry_unix);
    // Marks these ids acknowledged; returns how many were pending (others were acked before or unknown).
    Expected<int> acknowledge(const std::vector<std::string>& ids, std::int64_t now_unix);
    // A kiosk without a hall server delivers nothing: every pending event is settled as of `now_unix`, so
    // nothing waits for a hall that does not exist (each record and the audit trail keep everything). Returns
    // how many were pending.
    Expected<int> settleWithoutHall(std::int64_t now_unix);
    Expected<OutboxStats> stats();
    // An event that is not part of a record (a device's health changed); an id seen before is ignored.
    Expected<void> append(std::string_view id, std::string_view type, std::string_view at,
                          std::string_view data);

  private:
    Database* db_;
};

}  // namespace yici::store
