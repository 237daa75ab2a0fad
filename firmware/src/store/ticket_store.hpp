// Durable queue tickets: numbering per category and local day, idempotent issuing, print outcome.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "queue/priority.hpp"
#include "queue/queue_rules.hpp"
#include "store/database.hpp"

namespace yici::store {

// not_taken: printed and presented by the dispenser, then taken back because nobody took it.
enum class TicketStatus { printing, printed, voided, not_taken };
std::string_view statusName(TicketStatus status);

struct Ticket {
    std::string id;      // "20261127-A001": unique on this kiosk
    std::string day;     // local date "2026-11-27"
    std::string number;  // "A001"
    std::string category;
    std::string service_id;
    queue::Priority priority = queue::Priority::normal;
    std::string windows;    // "1/2/3"
    std::string issued_at;  // ISO 8601 with the local offset
    std::int64_t issued_at_unix = 0;
    int waiting_ahead = 0;
    int est_wait_min = 0;
    int est_wait_low_min = 0;  // the range shown and printed
    int est_wait_high_min = 5;
    bool offline = false;
    TicketStatus status = TicketStatus::printing;
    std::string void_reason;
    std::string registration_id;  // empty: a plain queue ticket
    std::string called_window;    // empty: still waiting
    bool priority_claim =
        false;  // a claimed priority staff have not confirmed yet (the ticket waits as normal)
    // For a printed ticket: empty when the printer acknowledged the cut; "unconfirmed" when the whole ticket
    // was sent and the printer went silent; "unknown" when yicid stopped between the commit and the printer's
    // answer.
    std::string print_outcome;
    int reprints = 0;  // times staff reprinted it (补打)
};

// The SELECT list readTicket() expects, for every query over tickets in the store.
inline constexpr std::string_view ticket_columns =
    "id, day, number, category, service_id, priority, windows, issued_at, issued_at_unix, waiting_ahead, "
    "est_wait_min, offline, status, void_reason, est_wait_low_min, est_wait_high_min, registration_id, "
    "called_window, priority_claim, print_outcome, reprints";
inline constexpr int ticket_column_count = 21;  // the index of a column selected after them
Ticket readTicket(const Statement& row);

// A number the hall server assigned (online numbering).
struct HallNumber {
    std::string number;
    std::string window;
    int waiting_ahead = 0;
    int est_wait_min = 0;
};

// A numbering request the hall may have answered after the kiosk gave up on it (timeout, an unreadable
// answer): the ticket is numbered offline and the hall told, as ticket_abandoned, to void what it gave this
// key.
struct AbandonedHallRequest {
    std::string idempotency_key;
    std::string reason;  // hall_timeout, hall_protocol_error, http_503, hall_bad_answer
};

struct NewTicket {
    std::string day;
    char letter = 'A';
    std::string compact_day;  // "20261127", for the id
    std::string category;
    std::string service_id;
    queue::Priority priority = queue::Priority::normal;
    bool priority_claim = false;
    std::string windows;
    std::string issued_at;
    std::int64_t issued_at_unix = 0;
    double seed_service_s = 600;  // the catalog's estimate, until windows report completions
    int serving_windows = 1;
    int normal_per_priority = 2;
    std::string idempotency_key;
    std::string registration_id;
    std::optional<HallNumber> hall;  // set: the hall numbered it
    std::string offline_prefix;      // set (and no hall number): numbered offline as PREFIX + letter + nnn
    std::optional<AbandonedHallRequest> abandoned;  // reported with the ticket, in its transaction
};

// What a category's queue looks like now, for showing the wait before a ticket is taken.
struct QueueSnapshot {
    queue::QueueState state;
    double service_s = 600;
};

struct IssueResult {
    Ticket ticket;
    bool existing = false;  // the idempotency key was seen before: this is the earlier ticket
};

// Runs on the store thread only, like every user of the Database.
class TicketStore {
  public:
    explicit TicketStore(Database& db) : db_(&db) {}

    // Commits a new ticket in state `printing` (or returns the one issued under the same key).
    Expected<IssueResult> issue(const NewTicket& request);
    // `unconfirmed`: why the printer did not confirm it (empty: it did). Such a ticket is printed too, with
    // print_outcome "unconfirmed", and an audit row and a ticket_print_unconfirmed event say so.
    Expected<void> markPrinted(std::string_view id, std::string_view unconfirmed = {});
    Expected<void> markVoided(std::string_view id, std::string_view reason);
    // A printed ticket nobody took from the dispenser, taken back at `at` (ISO 8601), `how` "retracted" or
    // "ejected": windows no longer call it, and a ticket_not_taken event tells the hall. False when the
    // ticket was not waiting any more (called meanwhile, or already marked).
    Expected<bool> markNotTaken(std::string_view id, std::string_view at, std::string_view how);
    // A reprint (补打) of a printed or not_taken ticket came out at `at` (ISO 8601), asked for by `by`
    // ("technician", "yicictl"): it counts one more reprint, a not_taken ticket waits in the queue again (in
    // its old place), and a ticket_reprinted event tells the hall. Returns the ticket as it is now; nullopt
    // when it is neither printed nor not_taken.
    Expected<std::optional<Ticket>> markReprinted(std::string_view id, std::string_view at,
                                                  std::string_view by);
    // After a stop a ticket may be left in `printing`: nobody can say whether it reached the citizen, and
    // voiding one in a citizen's hand would send them home. It waits in the queue as printed, with
    // print_outcome "unknown", and an audit row and a ticket_print_unknown event say so. Returns how many.
    Expected<int> keepInterrupted();
    // The issue time (unix seconds) of the newest ticket ever committed, 0 when there is none.
    Expected<std::int64_t> newestIssuedUnix();
    // Tickets of the day and category that are still waiting (issued, not voided, not yet called).
    Expected<int> waiting(std::string_view day, std::string_view category);
    Expected<std::vector<Ticket>> ticketsOfDay(std::string_view day);
    Expected<QueueSnapshot> snapshot(std::string_view day, std::string_view category, int normal_per_priority,
                                     double seed_service_s);
    Expected<std::optional<Ticket>> findByKey(std::string_view key);
    Expected<std::optional<Ticket>> findById(std::string_view id);
    // Today's ticket with this number ("A001"), as a citizen types it to rate the service.
    Expected<std::optional<Ticket>> findByNumber(std::string_view day, std::string_view number);

    static constexpr int max_number = 999;

  private:
    Expected<Ticket> insert(const NewTicket& request);
    Expected<std::optional<Ticket>> findOne(std::string_view where, std::string_view a,
                                            std::string_view b = {});
    Expected<void> journalVoid(std::string_view id, std::string_view reason);

    Database* db_;
};

}  // namespace yici::store
