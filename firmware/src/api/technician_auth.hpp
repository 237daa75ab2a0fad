// The technician screen's login: the PIN checked against its argon2id hash, an exponential back-off after
// wrong PINs (its state is stored, so a restart keeps it), and one bearer token that lapses when it has not
// been used for a while. Time comes from injected clocks, so tests can move it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "store/pin_attempts_store.hpp"

namespace yici::api {

class TechnicianAuth {
  public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr int free_wrong_pins = 4;  // in a row; the next wrong one starts the back-off
    static constexpr std::chrono::seconds first_wait{30};
    static constexpr std::chrono::seconds max_wait{300};  // the back-off doubles up to this
    static constexpr std::chrono::seconds token_idle_time{300};

    struct Login {
        std::string token;  // 64 lowercase hex characters
        std::chrono::seconds expires_in;
    };

    // `pin_hash` empty: the technician screen is off and every login is refused.
    TechnicianAuth(std::string pin_hash, Now now);

    bool enabled() const { return !pin_hash_.empty(); }

    // How long until a PIN may be checked again (0: now). A wait longer than max_wait means the wall clock
    // went back; it counts as max_wait.
    static std::chrono::seconds waitLeft(const store::PinAttempts& attempts, std::int64_t now_unix);
    // The state after one more wrong PIN at `now_unix`.
    static store::PinAttempts afterWrong(store::PinAttempts attempts, std::int64_t now_unix);

    // One check at a time (each takes 64 MiB): false while another is running.
    bool beginCheck();
    void endCheck() { checking_ = false; }
    // argon2id: about a quarter of a second; never on the Asio thread. Safe beside use() on that thread.
    bool matches(std::string_view pin) const;

    // The back-off state last seen, for when the database cannot be read.
    const store::PinAttempts& lastAttempts() const { return attempts_; }
    void rememberAttempts(const store::PinAttempts& attempts) { attempts_ = attempts; }

    // A new token, replacing the one before: call it after matches() said yes.
    Login issueToken();
    // True when `token` is the current token and has been used within token_idle_time; the use restarts
    // its time. A lapsed token is forgotten.
    bool use(std::string_view token);
    void logout() { token_.clear(); }

  private:
    Now now_;
    const std::string pin_hash_;
    bool checking_ = false;
    store::PinAttempts attempts_;
    std::string token_;
    std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace yici::api
