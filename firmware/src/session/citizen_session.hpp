// The citizen session a card tap opens: the card's fields live here, in memory only, until the session
// ends (card removed, DELETE, idle timeout), when they are wiped.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "http/event_stream.hpp"
#include "time/local_time.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::session {

// Overwrites every personal field before the memory is released.
void wipe(hal::IdCard& card);

class CitizenSessions {
  public:
    CitizenSessions(boost::asio::any_io_executor executor, std::chrono::seconds idle_timeout,
                    http::EventHub& events, const Clock& clock);
    ~CitizenSessions();

    void cardPresent(const hal::IdCard& card);
    void cardRemoved();
    void cardError(std::string_view code);
    void end(std::string_view reason);
    void touch();  // the citizen did something: the idle countdown starts again

    bool active() const { return card_.has_value(); }
    // The session for the UI: card fields with the ID number masked; nullopt without a session.
    std::optional<boost::json::object> view() const;

  private:
    void armIdleTimer();

    http::EventHub& events_;
    const Clock& clock_;
    std::chrono::seconds idle_timeout_;
    boost::asio::steady_timer idle_;
    std::optional<hal::IdCard> card_;
    TimePoint opened_at_{};
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::session
