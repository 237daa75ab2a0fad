// POST /api/v1/tickets {"service_id"[, "priority"][, "registration_id"]} with an Idempotency-Key header: a
// queue ticket, printed; the same key answers the same ticket (200) instead of a second one.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string_view>

#include "api/technician_auth.hpp"
#include "base/error.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "http/router.hpp"
#include "prereg/registration_service.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

struct TicketsApi {
    const catalog::HallCatalog& hall;
    const Clock& clock;
    ticket::TicketService& tickets;
    prereg::RegistrationService& registrations;  // a ticket for a registration comes from it
    // A priority other than normal needs a technician's bearer token (proven priorities come from
    // pre-registration, with the card).
    TechnicianAuth& technician;
};

void addTicketRoutes(http::Router& router, const TicketsApi& api);

// The body and Idempotency-Key of POST /api/v1/tickets, checked without trusting either.
Expected<ticket::TicketRequest> parseTicketRequest(std::string_view idempotency_key, std::string_view body);

boost::asio::awaitable<http::Response> handleTicketsPost(const TicketsApi& api, const http::Request& request);

}  // namespace yici::api
