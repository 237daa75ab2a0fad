// What staff ask of the printer outside a citizen's flow: a reprint (补打) of today's ticket NUMBER with the
// same number, and confirming a new paper roll. From the technician screen (technician_api, its login) or
// with yicictl on the status listener (the technician's token, as for POST /selftest). Never from the citizen
// screen.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "api/status_api.hpp"
#include "http/server.hpp"
#include "ticket/paper_roll.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

struct StaffPrintApi {
    const StatusApi& status;  // the technician's token
    ticket::TicketService& tickets;
    ticket::PaperRoll* paper = nullptr;  // null: the roll is not counted ([printer] roll_length_m unset)
};

// POST /api/v1/tickets/<str>/reprint and POST /api/v1/printer/new-roll on the status listener.
void addStaffPrintRoutes(http::Router& router, const StaffPrintApi& api);

// Both: 401 (403 staff_print_disabled off loopback without [status] selftest_token_file) without the
// technician's token.
boost::asio::awaitable<http::Response> handleReprintPost(const StaffPrintApi& api, std::string number,
                                                         const http::Request& request);
boost::asio::awaitable<http::Response> handleNewRollPost(const StaffPrintApi& api,
                                                         const http::Request& request);

// Reprints today's ticket `number` for `by` ("technician", "yicictl"): 200 {"id", "number", "status",
// "reprints"}, 400 for a number no ticket can have, or the reprint's error.
boost::asio::awaitable<http::Response> reprintAs(ticket::TicketService& tickets, std::string number,
                                                 std::string by, const http::Request& request);
// A new roll, confirmed by `by`: 200 {"paper_roll"}; 409 paper_roll_not_counted without a counted roll.
boost::asio::awaitable<http::Response> newRollAs(ticket::PaperRoll* paper, std::string by,
                                                 const http::Request& request);
// {"remaining_ratio", "remaining_m", "length_m"}, as /api/v1/technician/status shows it.
boost::json::object paperRollJson(const ticket::PaperRoll& paper);

}  // namespace yici::api
