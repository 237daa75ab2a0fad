// The ticket codes: which services issue now, printing and rendering a ticket.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::ticket {

enum class Errc {
    unknown_service,
    category_closed,  // outside the category's opening hours
    ticket_printing,  // the same tap is still printing
    ticket_voided,    // the tap's ticket failed to print and was voided
    ticket_render_failed,
    font_missing,
    font_error,
    clock_not_synchronized,  // a board without a real-time clock before NTP set the time
    clock_behind,            // the clock is earlier than the newest committed ticket
    ticket_in_slot,          // the previous ticket still waits in the dispenser's mouth
    reprint_no_such_ticket,  // no ticket of today has that number
    reprint_not_printed,     // the ticket was voided, or is still printing: there is nothing to reprint
    paper_roll_low,          // the counted paper roll is down to [printer] roll_warning_ratio (a warning)
};

constexpr std::string_view errorModule(Errc) {
    return "ticket";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::unknown_service:
            return "unknown_service";
        case Errc::category_closed:
            return "category_closed";
        case Errc::ticket_printing:
            return "ticket_printing";
        case Errc::ticket_voided:
            return "ticket_voided";
        case Errc::ticket_render_failed:
            return "ticket_render_failed";
        case Errc::font_missing:
            return "font_missing";
        case Errc::font_error:
            return "font_error";
        case Errc::clock_not_synchronized:
            return "clock_not_synchronized";
        case Errc::clock_behind:
            return "clock_behind";
        case Errc::ticket_in_slot:
            return "ticket_in_slot";
        case Errc::reprint_no_such_ticket:
            return "reprint_no_such_ticket";
        case Errc::reprint_not_printed:
            return "reprint_not_printed";
        case Errc::paper_roll_low:
            return "paper_roll_low";
    }
    return {};
}

}  // namespace yici::ticket
