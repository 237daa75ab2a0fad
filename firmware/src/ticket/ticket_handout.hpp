// Handing a printed ticket to its citizen through the dispenser: present it, watch the mouth until it is
// taken, or take it back after the take timeout and mark it not_taken (windows skip it; the hall is told).
// One ticket at a time is in the mouth: a tap while one waits there waits a little for it to go (a citizen
// reaching for it), then is refused with ticket_in_slot, never retracting a ticket from under a hand.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/local_time.hpp"
#include "metrics/metrics.hpp"
#include "store/ticket_store.hpp"
#include "yici/hal/ticket_dispenser.hpp"

namespace yici::ticket {

// Where the ticket in the mouth is, as the citizen screen says it.
enum class HandoutState { waiting, taken, not_taken, jammed };
std::string_view handoutStateName(HandoutState state);

class TicketHandout {
  public:
    struct Deps {
        hal::TicketDispenser& dispenser;
        boost::asio::any_io_executor executor;        // the Asio thread
        boost::asio::any_io_executor store_executor;  // the one thread that touches SQLite
        store::TicketStore& store;
        metrics::Registry& metrics;
        const Clock& clock;
        std::chrono::milliseconds take_timeout{30000};
        bool retract = true;  // how the dispenser takes a ticket back, for the event: retracted or ejected
        std::chrono::milliseconds poll{250};
        // An empty mouth this soon after presenting, the ticket never seen in it, is a ticket still on its
        // way (a vkp80 answers its status at once, before the presenter has moved): not yet taken.
        std::chrono::milliseconds settle{1500};
        // The ticket's number (empty for a technician's test print) and where it is now.
        std::function<void(std::string_view number, HandoutState state)> changed = [](auto, auto) {};
    };

    // The mouth, held from a tap until its ticket leaves it: released when dropped unless handed on. It
    // shares the flag with the hand-out: a slot held by a coroutine that never resumes (yicid stopping) may
    // be dropped after the hand-out is gone.
    class Slot {
      public:
        explicit Slot(std::shared_ptr<bool> busy) : busy_(std::move(busy)) {}
        Slot(Slot&& other) noexcept = default;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (busy_) *busy_ = false;
        }

      private:
        std::shared_ptr<bool> busy_;
    };

    explicit TicketHandout(Deps deps);

    // The mouth for a new ticket, once the ticket waiting there (if any) leaves it within `wait` (looked at
    // every 50 ms); nullopt after that.
    boost::asio::awaitable<std::optional<Slot>> claim(std::chrono::milliseconds wait);
    // Presents the ticket just printed into the slot, then follows it in the background; `ticket` is null for
    // a test print, which is followed but recorded nowhere. Fails when the dispenser did not present it.
    boost::asio::awaitable<Expected<void>> hand(Slot slot, const store::Ticket* ticket);

    // A ticket left in the mouth when yicid last stopped (a power cut while it waited): nobody follows it,
    // and the next citizen would take it for theirs. Holds the mouth until the dispenser first answers
    // (within `patience`), and takes such a ticket back. Its ticket is already in the queue (kept at
    // start-up).
    boost::asio::awaitable<void> clearLeftover(std::chrono::milliseconds patience = std::chrono::seconds(30));

    hal::Health health() const { return d_.dispenser.health(); }

  private:
    boost::asio::awaitable<void> follow(Slot slot, std::optional<store::Ticket> ticket);
    // `how`: retracted, ejected, or jammed (stuck in the presenter).
    boost::asio::awaitable<void> takeBack(const std::optional<store::Ticket>& ticket, std::string how);

    Deps d_;
    metrics::Counter not_taken_;
    std::shared_ptr<bool> busy_ = std::make_shared<bool>(false);  // a slot is held
};

}  // namespace yici::ticket
