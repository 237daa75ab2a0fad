// The technician screen's login: the board's PIN checked in constant time, a lock after repeated wrong
// PINs, and one bearer token that lapses when it has not been used for a while. Pure: time comes from an
// injected clock, so tests can move it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace yici::api {

class TechnicianAuth {
  public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr int max_wrong_pins = 5;  // in a row; the next attempt meets the lock
    static constexpr std::chrono::seconds lock_time{60};
    static constexpr std::chrono::seconds token_idle_time{300};

    struct Login {
        std::string token;  // 64 lowercase hex characters
        std::chrono::seconds expires_in;
    };

    // `pin` empty: the technician screen is off and every login is refused.
    TechnicianAuth(std::string_view pin, Now now);

    bool enabled() const { return enabled_; }
    // A new token (replacing the one before) for the right PIN. Errors: technician_disabled,
    // technician_locked (see retryAfter), technician_pin_wrong.
    Expected<Login> login(std::string_view pin);
    // Seconds until the lock lifts, rounded up; 0 when not locked.
    std::chrono::seconds retryAfter() const;
    // True when `token` is the current token and has been used within token_idle_time; the use restarts
    // its time. A lapsed token is forgotten.
    bool use(std::string_view token);
    void logout() { token_.clear(); }

  private:
    using Digest = std::array<std::uint8_t, 32>;
    static Digest digest(std::string_view text);

    Now now_;
    bool enabled_;
    Digest pin_digest_{};
    int wrong_in_a_row_ = 0;
    std::chrono::steady_clock::time_point locked_until_{};
    std::string token_;
    std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace yici::api
