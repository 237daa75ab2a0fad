// What a QR code shown to the kiosk camera means: one of this hall's queue tickets (for a rating), an
// appointment code, or something the kiosk does not use. The text is outside bytes: anything may arrive.
#pragma once

#include <string>
#include <string_view>

namespace yici::scan {

struct ScannedCode {
    enum class Kind { ticket, appointment, unknown };
    Kind kind = Kind::unknown;
    std::string ticket_number;     // ticket: "A001", as printed
    std::string ticket_id;         // ticket: the id in the QR (t=), may be empty
    std::string appointment_code;  // appointment: 6-16 letters or digits
};

// queue_url is the hall catalog's; a ticket QR is queue_url with k=, t=, n= (and r=) appended
// (ticket/ticket_layout.cpp, ticketQrUrl). Tickets of other kiosks of the same hall count too.
ScannedCode readScannedCode(std::string_view text, std::string_view queue_url);

std::string_view kindName(ScannedCode::Kind kind);

}  // namespace yici::scan
