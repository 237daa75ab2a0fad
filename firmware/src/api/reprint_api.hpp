// Reprints (补打): staff reprint today's ticket NUMBER with the same number, from the technician screen
// (POST /api/v1/technician/tickets/NUMBER/reprint, technician_api) or with yicictl ticket reprint on the
// status listener (POST /api/v1/tickets/NUMBER/reprint, the technician's token). Never from the citizen
// screen.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "api/status_api.hpp"
#include "http/server.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

struct ReprintApi {
    const StatusApi& status;  // the technician's token
    ticket::TicketService& tickets;
};

void addReprintRoutes(http::Router& router, const ReprintApi& api);

// 401 (403 reprint_disabled off loopback without [status] selftest_token_file) without the technician's
// token.
boost::asio::awaitable<http::Response> handleReprintPost(const ReprintApi& api, std::string number,
                                                         const http::Request& request);

// Reprints today's ticket `number` for `by` ("technician", "yicictl"): 200 {"id", "number", "status",
// "reprints"}, 400 for a number no ticket can have, or the reprint's error.
boost::asio::awaitable<http::Response> reprintAs(ticket::TicketService& tickets, std::string number,
                                                 std::string by, const http::Request& request);

}  // namespace yici::api
