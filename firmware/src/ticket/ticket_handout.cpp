// The dispenser's hand-out, on the Asio thread; the not_taken mark runs on the store thread.
#include "ticket/ticket_handout.hpp"

#include "ticket/internal/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

#include "base/async.hpp"
#include "yici/hal/errors.hpp"

namespace yici::ticket {

namespace asio = boost::asio;

std::string_view handoutStateName(HandoutState state) {
    switch (state) {
        case HandoutState::waiting:
            return "waiting";
        case HandoutState::taken:
            return "taken";
        case HandoutState::not_taken:
            return "not_taken";
        case HandoutState::jammed:
            return "jammed";
    }
    return "waiting";
}

TicketHandout::TicketHandout(Deps deps)
    : d_(std::move(deps)),
      not_taken_(d_.metrics.counter("yici_tickets_not_taken_total",
                                    "Tickets presented by the dispenser that nobody took, taken back, by "
                                    "category.")) {}

asio::awaitable<std::optional<TicketHandout::Slot>> TicketHandout::claim(std::chrono::milliseconds wait) {
    constexpr auto look = std::chrono::milliseconds(50);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    asio::steady_timer timer(d_.executor);
    while (*busy_) {
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= decltype(left)::zero()) co_return std::nullopt;
        timer.expires_after(std::min<std::chrono::steady_clock::duration>(look, left));
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    *busy_ = true;
    co_return Slot(busy_);
}

asio::awaitable<Expected<void>> TicketHandout::hand(Slot slot, const store::Ticket* ticket) {
    auto presented = co_await d_.dispenser.present();
    if (!presented) {
        log()->warn("the dispenser did not present {}: {} ({})", ticket ? ticket->id : "the test print",
                    presented.error().code, presented.error().message);
        co_return presented;
    }
    std::optional<store::Ticket> followed;
    if (ticket != nullptr) followed = *ticket;
    d_.changed(followed ? followed->number : "", HandoutState::waiting);
    asio::co_spawn(d_.executor, follow(std::move(slot), std::move(followed)), asio::detached);
    co_return Expected<void>{};
}

// The slot is held until the ticket leaves the mouth.
asio::awaitable<void> TicketHandout::follow([[maybe_unused]] Slot slot, std::optional<store::Ticket> ticket) {
    const std::string number = ticket ? ticket->number : "";
    const std::string what = ticket ? "ticket " + ticket->id : "the test print";  // for the log
    const auto presented = std::chrono::steady_clock::now();
    const auto deadline = presented + d_.take_timeout;
    bool seen = false;  // the ticket was in the mouth at least once
    asio::steady_timer timer(d_.executor);
    for (;;) {
        auto in_mouth = co_await d_.dispenser.ticketInMouth();
        if (!in_mouth && in_mouth.error().code == hal::Errc::dispenser_jam) {
            // Stuck in the presenter: its citizen cannot take it. The dispenser's health stops new tickets.
            log()->warn("{} is stuck in the dispenser", what);
            co_await takeBack(ticket, "jammed");
            d_.changed(number, HandoutState::jammed);
            co_return;
        }
        // A link that failed for a moment says nothing: keep looking until the take timeout.
        if (in_mouth && *in_mouth) seen = true;
        if (in_mouth && !*in_mouth && (seen || std::chrono::steady_clock::now() >= presented + d_.settle)) {
            log()->info("{} taken", what);
            d_.changed(number, HandoutState::taken);
            co_return;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            if (!in_mouth) {  // unseen at the end: most likely in the citizen's hand, as after a silent cut
                log()->warn("{} not seen at the take timeout ({}): kept as taken", what,
                            in_mouth.error().message);
                d_.changed(number, HandoutState::taken);
                co_return;
            }
            break;
        }
        timer.expires_after(d_.poll);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (auto cleared = co_await d_.dispenser.clearMouth(); !cleared)
        log()->warn("the dispenser could not take back a ticket: {}", cleared.error().message);
    co_await takeBack(ticket, d_.retract ? "retracted" : "ejected");
    d_.changed(number, HandoutState::not_taken);
}

asio::awaitable<void> TicketHandout::clearLeftover(std::chrono::milliseconds patience) {
    auto slot = co_await claim(std::chrono::milliseconds(0));
    if (!slot) co_return;
    const auto deadline = std::chrono::steady_clock::now() + patience;
    asio::steady_timer timer(d_.executor);
    for (;;) {
        auto in_mouth = co_await d_.dispenser.ticketInMouth();
        if (in_mouth) {
            if (!*in_mouth) co_return;
            log()->warn("a ticket was left in the dispenser's mouth when yicid stopped: taking it back");
            if (auto cleared = co_await d_.dispenser.clearMouth(); !cleared)
                log()->warn("the dispenser could not take back the ticket left in it: {}",
                            cleared.error().message);
            co_return;
        }
        if (std::chrono::steady_clock::now() >= deadline) co_return;  // its health says why
        timer.expires_after(d_.poll);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

// Records a ticket that did not reach its citizen: no window calls it, the hall is told.
asio::awaitable<void> TicketHandout::takeBack(const std::optional<store::Ticket>& ticket, std::string how) {
    if (!ticket) co_return;
    auto mark = [this, id = ticket->id, at = toLocal(d_.clock.now()).iso8601(), how] {
        return d_.store.markNotTaken(id, at, how);
    };
    auto marked = co_await offload(d_.store_executor, std::move(mark));
    if (!marked) {
        log()->error("ticket {} was not taken, and could not be marked so: {}", ticket->id,
                     marked.error().message);
        co_return;
    }
    if (!*marked) co_return;  // called meanwhile: a window has it
    not_taken_.add({{"category", ticket->category}});
    log()->info("ticket {} not taken: {}", ticket->id, how);
}

}  // namespace yici::ticket
