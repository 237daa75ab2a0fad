// The citizen at the kiosk: who they are (the card, or nobody for "no card"), their photo, and the idle
// countdown, in memory only. Opening another session or ending this one wipes every personal byte. What
// the citizen does with the session is the pre-registration flow's (prereg::Flow).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/local_time.hpp"
#include "session/session_events.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::session {

// Whole years between a YYYYMMDD birth date and `today`; -1 when the date is unreadable.
int ageOn(std::string_view birth, const LocalTime& today);
// The hall's rule for priority as a senior citizen (and the elder-mode suggestion): 70 or older.
bool isElderly(int age);

class CitizenSession {
  public:
    CitizenSession(boost::asio::any_io_executor executor, std::chrono::milliseconds idle_timeout,
                   SessionEvents& events, const Clock& clock);
    ~CitizenSession();
    CitizenSession(const CitizenSession&) = delete;
    CitizenSession& operator=(const CitizenSession&) = delete;

    // Opens a session for this card (or none), wiping the one before; returns its serial number.
    std::uint64_t open(std::optional<hal::IdCard> card);
    // Wipes everything and tells the screens why ("idle_timeout", "card_removed", ...).
    void end(std::string_view reason);
    // The decoded card photo (BMP) of session `serial`; wiped at once if that session has gone.
    void attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp);

    void touch();  // the citizen did something: the idle countdown starts again
    // Elder mode doubles the idle timeout, for the open session and those after it, until turned off.
    void setElderMode(bool on);
    std::chrono::milliseconds idleTimeout() const { return elder_mode_ ? 2 * idle_timeout_ : idle_timeout_; }
    // Called when the countdown runs out; the flow ends the session through its table.
    void onIdle(std::function<void()> handler) { on_idle_ = std::move(handler); }

    bool active() const { return active_; }
    std::uint64_t serial() const { return serial_; }
    const hal::IdCard* card() const { return card_ ? &*card_ : nullptr; }
    // -1 without a card or with an unreadable birth date.
    int age() const;
    TimePoint openedAt() const { return opened_at_; }
    std::chrono::seconds expiresIn() const;
    // The decoded card photo (BMP), empty without the decoder plug-in. Memory only.
    const std::vector<std::uint8_t>& photoBmp() const { return photo_bmp_; }

  private:
    void wipeAll();
    void armIdleTimer();

    SessionEvents& events_;
    const Clock& clock_;
    std::chrono::milliseconds idle_timeout_;
    bool elder_mode_ = false;
    boost::asio::steady_timer idle_;
    bool active_ = false;
    std::optional<hal::IdCard> card_;
    std::vector<std::uint8_t> photo_bmp_;
    std::uint64_t serial_ = 0;
    TimePoint opened_at_{};
    std::function<void()> on_idle_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::session
