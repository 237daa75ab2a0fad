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
#include <vector>

#include "http/event_stream.hpp"
#include "time/local_time.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::session {

// Overwrite every personal field (or byte) before the memory is released.
void wipe(hal::IdCard& card);
void wipeBytes(std::vector<std::uint8_t>& bytes);

class CitizenSessions {
  public:
    CitizenSessions(boost::asio::any_io_executor executor, std::chrono::seconds idle_timeout,
                    http::EventHub& events, const Clock& clock);
    ~CitizenSessions();

    // Opens (or replaces) the session; returns its serial number, for attaching the decoded photo later.
    std::uint64_t cardPresent(const hal::IdCard& card);
    // The card photo decoded to BMP, if the session that asked is still the current one.
    void attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp);
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
    std::vector<std::uint8_t> photo_bmp_;  // the decoded card photo, memory only
    std::uint64_t serial_ = 0;
    TimePoint opened_at_{};
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::session
