// The citizen API on the UI listener (loopback only): catalog and tickets.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/json/object.hpp>

#include "catalog/hall_catalog.hpp"
#include "health/device_health.hpp"
#include "http/event_stream.hpp"
#include "http/server.hpp"
#include "metrics/metrics.hpp"
#include "prereg/flow.hpp"
#include "prereg/registration_service.hpp"
#include "store/rating_store.hpp"
#include "store/ticket_store.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

class TechnicianAuth;

// What the citizen API counts itself (tickets and registrations are counted by their services).
struct CitizenMetrics {
    explicit CitizenMetrics(metrics::Registry& registry)
        : ratings(registry.counter("yici_ratings_total", "Satisfaction ratings, by score.")) {}
    metrics::Counter ratings;
};

struct CitizenApi {
    boost::asio::any_io_executor store_executor;
    store::TicketStore* store = nullptr;
    const catalog::HallCatalog* hall = nullptr;
    ticket::TicketService* tickets = nullptr;
    const Clock* clock = nullptr;
    std::string kiosk_id;
    prereg::Flow* sessions = nullptr;
    http::EventHub* events = nullptr;
    prereg::RegistrationService* registrations = nullptr;
    store::RatingStore* ratings = nullptr;
    const CitizenMetrics* metrics = nullptr;
    const std::vector<health::DeviceHealthSource>* devices = nullptr;  // the status listener's devices
    int idle_timeout_s = 60;                                           // [ui] idle_timeout_s
    // The technician's logins: a ticket with a priority other than normal needs its bearer token (verified
    // priorities come from pre-registration); the catalog says whether a PIN is configured.
    TechnicianAuth* technician = nullptr;
};

// A device as the citizen screen sees it (catalog "devices", event "device"): its level and code, and what
// to tell the citizen: the message of the code when it is about this device, else "". Never the detail.
boost::json::object deviceJson(std::string_view device, const hal::Health& health);

// A ticket as the API shows it (the documented fields plus the wait range, priority and call state).
boost::json::object ticketJson(const store::Ticket& ticket, const catalog::Category* category);

// GET /api/v1/catalog, POST /api/v1/tickets, GET and DELETE /api/v1/session, POST /api/v1/session/touch
// and /elder-mode, GET /api/v1/events.
void addCitizenRoutes(http::Router& router, const CitizenApi& api);

// The body and Idempotency-Key of POST /api/v1/tickets, checked without trusting either.
Expected<ticket::TicketRequest> parseTicketRequest(std::string_view idempotency_key, std::string_view body);

// An error answer; category_closed also says when the category of `service_id` next opens.
http::Response refusal(const CitizenApi& api, const http::Request& request, const Error& error,
                       std::string_view service_id);

// The session as the API answers it: {"active": false} without one.
boost::json::object sessionJson(const CitizenApi& api);

http::Response handleSessionGet(const CitizenApi& api, const http::Request& request);
http::Response handleSessionDelete(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/touch: the screen was touched, the idle countdown starts again; 204.
http::Response handleTouchPost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/elder-mode {"on": bool}: 204.
http::Response handleElderModePost(const CitizenApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleCatalogGet(const CitizenApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleTicketsPost(const CitizenApi& api, const http::Request& request);

}  // namespace yici::api
