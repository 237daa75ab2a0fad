// The vault's codes.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::privacy {

enum class Errc {
    privacy_key_unavailable,
    privacy_record_unreadable,  // a sealed record does not open with the key
    technician_pin_weak,        // a PIN that is not 6-12 digits
    staff_cards_unreadable,     // the staff cards file cannot be read or written, or holds something else
};

constexpr std::string_view errorModule(Errc) {
    return "privacy";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::privacy_key_unavailable:
            return "privacy_key_unavailable";
        case Errc::privacy_record_unreadable:
            return "privacy_record_unreadable";
        case Errc::technician_pin_weak:
            return "technician_pin_weak";
        case Errc::staff_cards_unreadable:
            return "staff_cards_unreadable";
    }
    return {};
}

}  // namespace yici::privacy
