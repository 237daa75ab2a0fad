// Technician PINs: 6-12 digits, kept only as an argon2id hash (libsodium's crypto_pwhash_str: salted, and
// costly to guess offline). Hashing and checking take about a quarter of a second and 64 MiB: never on the
// Asio thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace yici::privacy {

inline constexpr std::size_t pin_min_digits = 6;
inline constexpr std::size_t pin_max_digits = 12;

// Whether `pin` is 6-12 digits. The message names the rule, never the PIN.
Expected<void> checkPinRule(std::string_view pin);
// The argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$SALT$HASH") of a PIN that keeps the rule.
Expected<std::string> hashPin(std::string_view pin);
// True when `pin` keeps the rule and is the one `hash` was made from; false for any other PIN (a shorter one
// whose hash was made by hand included) or a malformed hash.
bool pinMatches(const std::string& hash, std::string_view pin);
// Why `hash` cannot be a technician PIN hash (not argon2id, malformed, or made at other costs than hashPin),
// or nullopt when it can.
std::optional<std::string> pinHashProblem(const std::string& hash);

}  // namespace yici::privacy
