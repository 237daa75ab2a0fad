// PIN digests with BLAKE2b (crypto_generichash) so that comparing them takes the same time whatever the
// PIN; tokens from the system's random source.
#include "api/technician_auth.hpp"

#include <sodium.h>

#include "api/errors.hpp"

namespace yici::api {

TechnicianAuth::TechnicianAuth(std::string_view pin, Now now) : now_(std::move(now)), enabled_(!pin.empty()) {
    if (sodium_init() < 0) enabled_ = false;  // no random tokens without libsodium: stay locked out
    if (enabled_) pin_digest_ = digest(pin);
}

TechnicianAuth::Digest TechnicianAuth::digest(std::string_view text) {
    Digest out{};
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), nullptr, 0);
    return out;
}

std::chrono::seconds TechnicianAuth::retryAfter() const {
    const auto left = locked_until_ - now_();
    return left > std::chrono::steady_clock::duration::zero() ? std::chrono::ceil<std::chrono::seconds>(left)
                                                              : std::chrono::seconds(0);
}

Expected<TechnicianAuth::Login> TechnicianAuth::login(std::string_view pin) {
    if (!enabled_) return fail(Errc::technician_disabled, "no technician PIN is configured");
    if (retryAfter().count() > 0)
        return fail(Errc::technician_locked,
                    "too many wrong PINs: locked for " + std::to_string(retryAfter().count()) + " s more");
    const Digest given = digest(pin);
    if (sodium_memcmp(given.data(), pin_digest_.data(), given.size()) != 0) {
        if (++wrong_in_a_row_ >= max_wrong_pins) {
            wrong_in_a_row_ = 0;  // after the lock, another max_wrong_pins tries
            locked_until_ = now_() + lock_time;
            return fail(Errc::technician_pin_wrong,
                        "wrong PIN; locked for " + std::to_string(lock_time.count()) + " s");
        }
        return fail(Errc::technician_pin_wrong, "wrong PIN (" + std::to_string(wrong_in_a_row_) + " of " +
                                                    std::to_string(max_wrong_pins) + ")");
    }
    wrong_in_a_row_ = 0;
    std::array<unsigned char, 32> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, 2 * random.size() + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
    token_.assign(hex.data(), 2 * random.size());
    token_expires_ = now_() + token_idle_time;
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
