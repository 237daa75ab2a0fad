// The citizen API on the UI listener (loopback only): catalog and tickets.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "catalog/hall_catalog.hpp"
#include "http/server.hpp"
#include "store/ticket_store.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

struct CitizenApi {
    boost::asio::any_io_executor store_executor;
    store::TicketStore* store = nullptr;
    const catalog::HallCatalog* hall = nullptr;
    ticket::TicketService* tickets = nullptr;
    const Clock* clock = nullptr;
    std::string kiosk_id;
};

// GET /api/v1/catalog, POST /api/v1/tickets.
void addCitizenRoutes(http::Router& router, const CitizenApi& api);

// The body and Idempotency-Key of POST /api/v1/tickets, checked without trusting either.
Expected<ticket::TicketRequest> parseTicketRequest(std::string_view idempotency_key, std::string_view body);

boost::asio::awaitable<http::Response> handleCatalogGet(const CitizenApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleTicketsPost(const CitizenApi& api, const http::Request& request);

}  // namespace yici::api
