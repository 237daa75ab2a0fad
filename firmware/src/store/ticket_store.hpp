// Durable queue tickets: numbering per category and local day, idempotent issuing, print outcome.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace yici::store {

// The schema, one migration per step; never edit a released step, append a new one.
std::span<const std::string_view> schemaMigrations();

enum class TicketStatus { printing, printed, voided };
std::string_view statusName(TicketStatus status);

struct Ticket {
    std::string id;      // "20261127-A001": unique on this kiosk
    std::string day;     // local date "2026-11-27"
    std::string number;  // "A001"
    std::string category;
    std::string service_id;
    std::string priority = "normal";
    std::string windows;    // "1/2/3"
    std::string issued_at;  // ISO 8601 with the local offset
    std::int64_t issued_at_unix = 0;
    int waiting_ahead = 0;
    int est_wait_min = 0;
    bool offline = false;
    TicketStatus status = TicketStatus::printing;
    std::string void_reason;
};

struct NewTicket {
    std::string day;
    char letter = 'A';
    std::string compact_day;  // "20261127", for the id
    std::string category;
    std::string service_id;
    std::string priority = "normal";
    std::string windows;
    std::string issued_at;
    std::int64_t issued_at_unix = 0;
    int avg_service_min = 10;
    int window_count = 1;
    std::string idempotency_key;
};

struct IssueResult {
    Ticket ticket;
    bool existing = false;  // the idempotency key was seen before: this is the earlier ticket
};

class TicketStore {
  public:
    static Expected<TicketStore> open(const std::filesystem::path& file);

    // Commits a new ticket in state `printing` (or returns the one issued under the same key).
    Expected<IssueResult> issue(const NewTicket& request);
    Expected<void> markPrinted(std::string_view id);
    Expected<void> markVoided(std::string_view id, std::string_view reason);
    // After a crash a ticket may be stuck in `printing`: nobody can say it reached the citizen, so void it.
    Expected<int> voidInterrupted();
    // Tickets of the day and category that are still waiting (issued, not voided, not yet called).
    Expected<int> waiting(std::string_view day, std::string_view category);
    Expected<std::vector<Ticket>> ticketsOfDay(std::string_view day);
    Expected<std::optional<Ticket>> findByKey(std::string_view key);

    static constexpr int max_number = 999;

  private:
    explicit TicketStore(Database db) : db_(std::move(db)) {}
    Expected<Ticket> insert(const NewTicket& request);

    Database db_;
};

}  // namespace yici::store
