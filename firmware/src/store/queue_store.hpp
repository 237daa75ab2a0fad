// The queue at the windows: calling the next ticket under the priority rule, completing it, and the
// service-time estimate learnt from completions. Runs on the store thread.
#pragma once

#include <optional>
#include <string_view>

#include "queue/queue_rules.hpp"
#include "store/ticket_store.hpp"

namespace yici::store {

// Waiting tickets of a category today and the priority rule's counter.
Expected<queue::QueueState> queueState(Database& db, std::string_view day, std::string_view category,
                                       int normal_per_priority);

// The learnt seconds per ticket of a category, or `seed_s` before the first completion.
Expected<double> serviceSeconds(Database& db, std::string_view category, double seed_s);

struct WindowCall {
    std::string window;
    std::string category;
    std::string day;
    std::string at;  // local ISO 8601
    std::int64_t at_unix = 0;
    int normal_per_priority = 2;
};

// Staff confirm a ticket's claimed priority (a declared need, an appointment): who and when.
struct PriorityConfirmation {
    std::string day;
    std::string number;  // as printed
    std::string staff;   // the staff member's id, for the audit trail
    std::string at;      // local ISO 8601
};

struct PriorityConfirmed {
    enum class Outcome { confirmed, unknown_ticket, no_claim, already_called };
    Outcome outcome = Outcome::unknown_ticket;
    Ticket ticket;  // when confirmed: with priority "confirmed"
};

struct Completion {
    Ticket ticket;
    double service_s = 0;          // this ticket's time at the window
    double average_service_s = 0;  // the category's estimate after it
};

class QueueStore {
  public:
    explicit QueueStore(Database& db) : db_(&db) {}

    // Calls the next printed ticket for the window's category; nullopt when nobody waits. A ticket the
    // window called before and never completed (the citizen did not come) is closed without a sample.
    Expected<std::optional<Ticket>> callNext(const WindowCall& call);
    // Completes the ticket the window is serving and learns its service time; nullopt when none.
    Expected<std::optional<Completion>> complete(const WindowCall& call, double seed_service_s);
    // Gives a printed, uncalled ticket with a priority claim the priority "confirmed", audited with the staff
    // member and queued for the hall as ticket_priority_confirmed.
    Expected<PriorityConfirmed> confirmPriority(const PriorityConfirmation& confirmation);

  private:
    Database* db_;
};

}  // namespace yici::store
