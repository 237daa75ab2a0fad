// Tokens from the system's random source, compared in constant time; the PIN check is privacy::pinMatches.
#include "api/technician_auth.hpp"

#include <sodium.h>

#include <algorithm>

#include "base/random.hpp"
#include "privacy/pin_hash.hpp"

namespace yici::api {

TechnicianAuth::TechnicianAuth(std::string pin_hash, privacy::StaffCards staff_cards, Now now)
    : now_(std::move(now)),
      pin_hash_(sodium_init() < 0 ? std::string() : std::move(pin_hash)),
      staff_cards_(std::move(staff_cards)) {}

bool TechnicianAuth::tapStaffCard(const std::string& card_key) {
    if (!enabled() || !staff_cards_.contains(card_key)) return false;
    tapped_card_ = card_key;
    tapped_until_ = now_() + card_time;
    return true;
}

std::string TechnicianAuth::tappedCard() const {
    return now_() < tapped_until_ ? tapped_card_ : std::string();
}

store::PinAttempts TechnicianAuth::lastAttempts(const std::string& card) const {
    const auto found = attempts_.find(card);
    return found == attempts_.end() ? store::PinAttempts{} : found->second;
}

std::chrono::seconds TechnicianAuth::waitLeft(const store::PinAttempts& attempts, std::int64_t now_unix) {
    const std::int64_t left = attempts.next_try_unix - now_unix;
    return left <= 0 ? std::chrono::seconds(0) : std::min(std::chrono::seconds(left), max_wait);
}

store::PinAttempts TechnicianAuth::afterWrong(store::PinAttempts attempts, std::int64_t now_unix) {
    ++attempts.wrong_in_a_row;
    const int over =
        attempts.wrong_in_a_row - free_wrong_pins;  // 1 for the first wrong PIN past the free ones
    std::chrono::seconds wait{0};
    if (over > 0) wait = over > 8 ? max_wait : std::min(first_wait * (1 << (over - 1)), max_wait);
    attempts.next_try_unix = now_unix + wait.count();
    return attempts;
}

bool TechnicianAuth::beginCheck() {
    if (checking_ || !enabled()) return false;
    checking_ = true;
    return true;
}

bool TechnicianAuth::matches(std::string_view pin) const {
    return enabled() && privacy::pinMatches(pin_hash_, pin);
}

TechnicianAuth::Login TechnicianAuth::issueToken() {
    token_ = base::randomHex(32);
    token_expires_ = now_() + token_idle_time;
    const auto staff = staff_cards_.find(tapped_card_);
    token_staff_ = staff == staff_cards_.end() ? std::string() : staff->second;
    tapped_card_.clear();
    tapped_until_ = {};
    return Login{.token = token_, .expires_in = token_idle_time};
}

bool TechnicianAuth::use(std::string_view token) {
    if (token_.empty() || token.size() != token_.size()) return false;  // the length is no secret
    if (sodium_memcmp(token.data(), token_.data(), token.size()) != 0) return false;
    const auto now = now_();
    if (now >= token_expires_) {
        token_.clear();
        return false;
    }
    token_expires_ = now + token_idle_time;
    return true;
}

}  // namespace yici::api
