// Issuing a queue ticket: check the hours and the printer, commit the number, render, print, and record
// the outcome. A ticket is committed before printing; a failed print voids it with the printer's reason.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "hall/hall_link.hpp"
#include "metrics/metrics.hpp"
#include "store/ticket_store.hpp"
#include "ticket/clock_check.hpp"
#include "ticket/paper_roll.hpp"
#include "ticket/storage_check.hpp"
#include "ticket/ticket_handout.hpp"
#include "ticket/ticket_layout.hpp"
#include "yici/hal/printer.hpp"

namespace yici::ticket {

struct TicketRequest {
    std::string service_id;  // a category id, or a service item id (its category issues the ticket)
    queue::Priority priority = queue::Priority::normal;  // elderly (card-proven), confirmed (staff)
    Claim claim = Claim::none;                           // a priority claimed, to be confirmed by staff
    std::string idempotency_key;
    // Set by the pre-registration flow, printed on the ticket.
    std::string registration_id;
    std::string registration_code;
    std::string holder_masked;                   // "张* 330102********1234"
    std::vector<std::string> missing_materials;  // ids, printed as the one-time list with where to get them
};

struct Issued {
    store::Ticket ticket;
    bool existing = false;  // the same key was used before: this is the earlier ticket
};

class TicketService {
  public:
    struct Deps {
        boost::asio::any_io_executor store_executor;   // the one thread that touches SQLite
        boost::asio::any_io_executor render_executor;  // the thread that rasterises tickets
        store::TicketStore& store;
        const catalog::HallCatalog& hall;
        hal::Printer* printer = nullptr;   // null: no printer driver on this board
        TicketHandout* handout = nullptr;  // the printer's dispenser; null: tickets drop out as cut
        PaperRoll* paper = nullptr;        // the counted paper roll; null: [printer] roll_length_m unset
        std::chrono::milliseconds slot_wait{3000};  // how long a tap waits for the ticket in the mouth to go
        TicketLayout& layout;
        metrics::Registry& metrics;
        const Clock& clock;
        std::string kiosk_id;
        // Online numbering: the hall server numbers tickets; when it does not answer within the timeout,
        // the kiosk numbers offline with its own prefix. Null: a hall without a server.
        const hall::HallLink* hall_client = nullptr;
        std::chrono::milliseconds hall_timeout{800};
        std::chrono::milliseconds hall_backoff{5000};  // after a hall failure, number offline this long
        std::string offline_prefix;
        // The clock the back-off is measured on (a test's own, to step over the back-off without waiting).
        std::function<std::chrono::steady_clock::time_point()> steady_now = [] {
            return std::chrono::steady_clock::now();
        };
        ClockCheck::Settings clock_check;  // when the clock may date a ticket
        std::filesystem::path data_dir;    // the database's folder: its partition must have room
    };

    explicit TicketService(Deps deps);

    boost::asio::awaitable<Expected<Issued>> issue(TicketRequest request);
    // A reprint (补打) of today's ticket `number` ("A001") for staff: the same number, marked 补打 / Reprint,
    // through the same printer checks and dispenser as a ticket; `by` ("technician", "yicictl") is recorded.
    // A not_taken ticket waits in the queue again. Returns the ticket as it is now.
    boost::asio::awaitable<Expected<store::Ticket>> reprint(std::string number, std::string by);
    // A test print for the technician: the same printer checks and path as a ticket, with the same errors,
    // but nothing is numbered, stored or sent to the hall.
    boost::asio::awaitable<Expected<void>> printTest();
    int inFlight() const { return *in_flight_; }
    // Whether the clock may date a ticket now (/health "clock").
    hal::Health clockHealth() const { return clock_check_.health(); }
    // Whether the data partition has room for a ticket, and every printed ticket is recorded (/health
    // "storage").
    hal::Health storageHealth() const;

  private:
    // The board has a printer, and its last polled health (and its dispenser's) lets it print.
    Expected<void> printerReady() const;
    // Prints one raster, and counts the paper it took when it came out (confirmed or not).
    boost::asio::awaitable<Expected<void>> print(const hal::Raster& raster);
    // The dispenser's mouth for one more ticket (none without a dispenser) and a printer ready for it; or
    // ticket_in_slot, or why the printer cannot print (at once, before any wait for the mouth, and again
    // after).
    boost::asio::awaitable<Expected<std::optional<TicketHandout::Slot>>> claimSlot();
    boost::asio::awaitable<Expected<Issued>> printNew(store::Ticket ticket, const catalog::Category& category,
                                                      TicketContent content,
                                                      std::optional<TicketHandout::Slot> slot);
    // Records the tickets that printed while the store could not record them (a full or failing disk), so
    // that windows call them; what still fails waits for the next try.
    boost::asio::awaitable<void> recordPrinted();
    // What asking the hall gave: its number, or none (it failed now or within the back-off), and then
    // whether it may have numbered the request anyway.
    struct HallAnswer {
        std::optional<store::HallNumber> number;
        std::optional<store::AbandonedHallRequest> abandoned;
    };
    boost::asio::awaitable<HallAnswer> hallNumber(const TicketRequest& request);
    TicketContent contentFor(const store::Ticket& ticket, const catalog::Category& category,
                             const TicketRequest& request) const;

    Deps d_;
    ClockCheck clock_check_;
    StorageCheck storage_check_;
    metrics::Counter issued_, voided_, numbered_, reprinted_;
    metrics::Histogram issue_seconds_;
    struct Unrecorded {
        std::string id;
        std::string unconfirmed;  // as markPrinted takes it
        Error why;                // why the last try failed
    };
    std::vector<Unrecorded> unrecorded_;  // printed, not yet recorded as printed
    std::chrono::steady_clock::time_point offline_until_{};
    bool offline_ = false;
    std::shared_ptr<int> in_flight_ =
        std::make_shared<int>(0);  // shared: a request may outlive the service at exit
};

}  // namespace yici::ticket
