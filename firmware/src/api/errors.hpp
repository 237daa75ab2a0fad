// API errors: {"error": {"code", "message_zh", "message_en"}} with the fitting HTTP status, the API's own
// codes, and what the citizen is told for every code that can reach the API (a switch per module's enum in
// errors.cpp).
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>

#include "base/error_code.hpp"
#include "http/errors.hpp"

namespace yici::api {

enum class Errc {
    idempotency_key_required,
    rating_invalid,
    unknown_ticket,
    ticket_not_served,
    queue_empty,
    nothing_to_complete,
    camera_preview_off,
    camera_preview_busy,
    technician_disabled,
    technician_pin_wrong,
    technician_locked,
    staff_card_required,
    technician_login_required,
    priority_needs_technician,
    no_priority_claim,
    ticket_already_called,
};

constexpr std::string_view errorModule(Errc) {
    return "api";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::idempotency_key_required:
            return "idempotency_key_required";
        case Errc::rating_invalid:
            return "rating_invalid";
        case Errc::unknown_ticket:
            return "unknown_ticket";
        case Errc::ticket_not_served:
            return "ticket_not_served";
        case Errc::queue_empty:
            return "queue_empty";
        case Errc::nothing_to_complete:
            return "nothing_to_complete";
        case Errc::camera_preview_off:
            return "camera_preview_off";
        case Errc::camera_preview_busy:
            return "camera_preview_busy";
        case Errc::technician_disabled:
            return "technician_disabled";
        case Errc::technician_pin_wrong:
            return "technician_pin_wrong";
        case Errc::technician_locked:
            return "technician_locked";
        case Errc::staff_card_required:
            return "staff_card_required";
        case Errc::technician_login_required:
            return "technician_login_required";
        case Errc::priority_needs_technician:
            return "priority_needs_technician";
        case Errc::no_priority_claim:
            return "no_priority_claim";
        case Errc::ticket_already_called:
            return "ticket_already_called";
    }
    return {};
}

// A code with its status and the citizen's text (code, status, zh, en).
using CitizenMessage = http::ErrorText;

// The message for a code; a code only a technician sees (config, storage schema, face models, ...) gets the
// generic "please go to the desk" text with status 500, and keeps its own code.
CitizenMessage citizenMessage(ErrorCode code);
// The citizen's own message for a code, or nullopt when it is technician-only.
std::optional<CitizenMessage> findCitizenMessage(ErrorCode code);

http::Response errorResponse(const http::Request& request, ErrorCode code);
// With more fields in the error object (e.g. "next_open" for category_closed).
http::Response errorResponse(const http::Request& request, ErrorCode code, boost::json::object extra);

}  // namespace yici::api
