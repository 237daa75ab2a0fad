// argon2id at libsodium's "interactive" cost (2 passes over 64 MiB): a board checks a PIN in well under a
// second, and a stolen hash costs the same per guess.
#include "privacy/pin_hash.hpp"

#include <sodium.h>

#include <algorithm>

#include "privacy/errors.hpp"

namespace yici::privacy {
namespace {

constexpr unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
constexpr std::string_view argon2id_prefix = "$argon2id$";

}  // namespace

Expected<void> checkPinRule(std::string_view pin) {
    const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || pin.size() < pin_min_digits || pin.size() > pin_max_digits)
        return fail(Errc::technician_pin_weak, "a technician PIN is 6-12 digits");
    return {};
}

Expected<std::string> hashPin(std::string_view pin) {
    if (auto ok = checkPinRule(pin); !ok) return std::unexpected(ok.error());
    if (sodium_init() < 0) return fail(Errc::privacy_key_unavailable, "libsodium did not start");
    std::string out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str_alg(out.data(), pin.data(), pin.size(), ops_limit, mem_limit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(Errc::privacy_key_unavailable,
                    "not enough memory to hash the PIN (argon2id needs 64 MiB)");
    out.resize(out.find('\0'));
    return out;
}

bool pinMatches(const std::string& hash, std::string_view pin) {
    // The rule holds where a PIN is checked as well as where it is hashed: a hash made by hand of a shorter
    // PIN (nothing in an argon2id string tells the length) never lets it in.
    if (!checkPinRule(pin) || sodium_init() < 0 || pinHashProblem(hash)) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

std::optional<std::string> pinHashProblem(const std::string& hash) {
    if (!hash.starts_with(argon2id_prefix) || hash.size() >= crypto_pwhash_STRBYTES)
        return "is not an argon2id hash (make one with `yicictl pin-hash`)";
    if (sodium_init() < 0) return "cannot be checked: libsodium did not start";
    // 1: valid but made with other costs; -1: malformed.
    switch (crypto_pwhash_str_needs_rehash(hash.c_str(), ops_limit, mem_limit)) {
        case 0:
            return std::nullopt;
        case 1:
            return "uses other argon2id costs than yicictl pin-hash (make it again with `yicictl pin-hash`)";
        default:
            return "is not a well-formed argon2id hash (make one with `yicictl pin-hash`)";
    }
}

}  // namespace yici::privacy
