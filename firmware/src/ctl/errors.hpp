// The technician tool's codes (never seen by the citizen API: nothing depends on ctl).
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::ctl {

enum class Errc {
    provision_failed,
    pin_unreadable,  // --pin-file cannot be read
    pin_missing,     // nothing on stdin
    pin_mismatch,    // the two PINs typed at the prompt differ
    pin_invalid,     // the PIN file holds more than one line
};

constexpr std::string_view errorModule(Errc) {
    return "ctl";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::provision_failed:
            return "provision_failed";
        case Errc::pin_unreadable:
            return "pin_unreadable";
        case Errc::pin_missing:
            return "pin_missing";
        case Errc::pin_mismatch:
            return "pin_mismatch";
        case Errc::pin_invalid:
            return "pin_invalid";
    }
    return {};
}

}  // namespace yici::ctl
