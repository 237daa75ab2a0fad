// The board config's codes.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::config {

enum class Errc {
    config_invalid,        // a key is unknown, missing or has a wrong value
    config_unreadable,     // the file cannot be read or parsed
    calendar_expiring,     // the hall file's calendar ends within weeks
    calendar_not_covered,  // today is in a year the hall file's calendar does not list
};

constexpr std::string_view errorModule(Errc) {
    return "config";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::config_invalid:
            return "config_invalid";
        case Errc::config_unreadable:
            return "config_unreadable";
        case Errc::calendar_expiring:
            return "calendar_expiring";
        case Errc::calendar_not_covered:
            return "calendar_not_covered";
    }
    return {};
}

}  // namespace yici::config
