// The pre-registration flow's codes.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::prereg {

enum class Errc {
    no_session,
    flow_step_invalid,  // the request does not fit the current step
    card_required,
    card_expired,
    card_number_invalid,
    mobile_invalid,
    field_invalid,
    appointment_code_invalid,
    registration_in_progress,
    registration_unavailable,
    unknown_registration,
};

constexpr std::string_view errorModule(Errc) {
    return "prereg";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::no_session:
            return "no_session";
        case Errc::flow_step_invalid:
            return "flow_step_invalid";
        case Errc::card_required:
            return "card_required";
        case Errc::card_expired:
            return "card_expired";
        case Errc::card_number_invalid:
            return "card_number_invalid";
        case Errc::mobile_invalid:
            return "mobile_invalid";
        case Errc::field_invalid:
            return "field_invalid";
        case Errc::appointment_code_invalid:
            return "appointment_code_invalid";
        case Errc::registration_in_progress:
            return "registration_in_progress";
        case Errc::registration_unavailable:
            return "registration_unavailable";
        case Errc::unknown_registration:
            return "unknown_registration";
    }
    return {};
}

}  // namespace yici::prereg
