// The technician screen's login: a registered staff card tapped on the reader opens it for a minute, the PIN
// is then checked against its argon2id hash, wrong PINs start an exponential back-off for that card only (its
// state is stored, so a restart keeps it), and one bearer token lapses when it has not been used for a while.
// Someone at the screen without a staff card cannot try a PIN at all, so cannot keep staff out either. Time
// comes from injected clocks, so tests can move it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "privacy/staff_cards.hpp"
#include "store/pin_attempts_store.hpp"

namespace yici::api {

class TechnicianAuth {
  public:
    using Now = std::function<std::chrono::steady_clock::time_point()>;
    static constexpr int free_wrong_pins = 4;  // in a row; the next wrong one starts the back-off
    static constexpr std::chrono::seconds first_wait{30};
    static constexpr std::chrono::seconds max_wait{300};  // the back-off doubles up to this
    static constexpr std::chrono::seconds token_idle_time{300};
    static constexpr std::chrono::seconds card_time{
        60};  // a staff card's tap lets its PIN be typed this long

    struct Login {
        std::string token;  // 64 lowercase hex characters
        std::chrono::seconds expires_in;
    };

    // `pin_hash` empty: the technician screen is off and every login is refused. `staff_cards`: the keyed
    // hashes of the cards whose tap opens a login, with their staff ids (privacy/staff_cards.hpp).
    TechnicianAuth(std::string pin_hash, privacy::StaffCards staff_cards, Now now);

    bool enabled() const { return !pin_hash_.empty(); }

    // How long until a PIN may be checked again (0: now). A wait longer than max_wait means the wall clock
    // went back; it counts as max_wait.
    static std::chrono::seconds waitLeft(const store::PinAttempts& attempts, std::int64_t now_unix);
    // The state after one more wrong PIN at `now_unix`.
    static store::PinAttempts afterWrong(store::PinAttempts attempts, std::int64_t now_unix);

    // A card was tapped (`card_key`: privacy::Vault::staffCardKey of its number). When it is a staff card and
    // the screen is on, its PIN may be typed for card_time (a later tap replaces it) and true: the tap opens
    // no citizen session.
    bool tapStaffCard(const std::string& card_key);
    // The staff card whose PIN may be typed now; empty when none was tapped within card_time.
    std::string tappedCard() const;

    // One check at a time (each takes 64 MiB): false while another is running.
    bool beginCheck();
    void endCheck() { checking_ = false; }
    // argon2id: about a quarter of a second; never on the Asio thread. Safe beside use() on that thread.
    bool matches(std::string_view pin) const;

    // A card's back-off state last seen, for when the database cannot be read.
    store::PinAttempts lastAttempts(const std::string& card) const;
    void rememberAttempts(const std::string& card, const store::PinAttempts& attempts) {
        attempts_[card] = attempts;
    }

    // A new token for the staff member whose card was tapped, replacing the one before, and the tap used up:
    // call it after matches() said yes.
    Login issueToken();
    // True when `token` is the current token and has been used within token_idle_time; the use restarts
    // its time. A lapsed token is forgotten.
    bool use(std::string_view token);
    void logout() { token_.clear(); }
    // The staff id (privacy/staff_cards.hpp) of the card the current token was issued after.
    const std::string& tokenStaff() const { return token_staff_; }

  private:
    Now now_;
    const std::string pin_hash_;
    const privacy::StaffCards staff_cards_;
    std::string tapped_card_;
    std::chrono::steady_clock::time_point tapped_until_{};
    bool checking_ = false;
    std::map<std::string, store::PinAttempts, std::less<>> attempts_;
    std::string token_;
    std::string token_staff_;
    std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace yici::api
