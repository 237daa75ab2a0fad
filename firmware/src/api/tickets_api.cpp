// Tickets: the request checked, a claimed priority refused without a technician, then issued and printed.
#include "api/tickets_api.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>

#include "api/errors.hpp"
#include "api/internal/refusal.hpp"
#include "api/internal/route.hpp"
#include "api/internal/ticket_json.hpp"
#include "http/server.hpp"
#include "queue/priority.hpp"

namespace yici::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

bool validKey(std::string_view key) {
    return !key.empty() && key.size() <= 128 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

}  // namespace

void addTicketRoutes(http::Router& router, const TicketsApi& api) {
    addRoute(router, verb::post, "/api/v1/tickets", api, handleTicketsPost);
}

Expected<ticket::TicketRequest> parseTicketRequest(std::string_view key, std::string_view body_text) {
    if (!validKey(key))
        return fail(Errc::idempotency_key_required, "missing or malformed Idempotency-Key header");
    boost::system::error_code ec;
    const json::value parsed = json::parse(body_text, ec);
    const json::object* body = ec ? nullptr : parsed.if_object();
    const json::value* service = body != nullptr ? body->if_contains("service_id") : nullptr;
    if (service == nullptr || !service->is_string() || service->get_string().empty() ||
        service->get_string().size() > 64) {
        return fail(base::Errc::bad_request, "body must be a JSON object with a service_id string");
    }
    ticket::TicketRequest request;
    request.service_id = std::string(service->get_string());
    request.idempotency_key = std::string(key);
    if (const json::value* priority = body->if_contains("priority")) {
        const json::string* p = priority->if_string();
        const auto given = p != nullptr ? queue::priorityFrom(*p) : std::nullopt;
        // A technician is staff: the priority they give is a confirmed one. Age and appointments are proven
        // by the card and the hall, never by a request.
        if (given != queue::Priority::normal && given != queue::Priority::confirmed)
            return fail(base::Errc::bad_request, "priority must be normal or confirmed");
        request.priority = *given;
    }
    if (const json::value* registration = body->if_contains("registration_id")) {
        const json::string* r = registration->if_string();
        if (r == nullptr || r->empty() || r->size() > 64)
            return fail(base::Errc::bad_request, "registration_id must be a registration id string");
        request.registration_id = std::string(*r);
    }
    return request;
}

asio::awaitable<http::Response> handleTicketsPost(const TicketsApi& api, const http::Request& request) {
    auto parsed = parseTicketRequest(request["Idempotency-Key"], request.body());
    if (!parsed) co_return errorResponse(request, parsed.error().code);
    const std::string service_id = parsed->service_id;
    // Anyone at the screen (or any local process) could claim a priority: only the card's own rules
    // (pre-registration) or a technician may.
    if (parsed->registration_id.empty() && parsed->priority != queue::Priority::normal &&
        !api.technician.use(http::bearerToken(request))) {
        co_return errorResponse(request, Errc::priority_needs_technician);
    }
    if (!parsed->registration_id.empty()) {
        auto registered = co_await api.registrations.ticketFor(std::move(*parsed));
        if (!registered)
            co_return refusal(api.hall, api.clock.now(), request, registered.error(), service_id);
        const auto* category = api.hall.category(registered->ticket.category);
        co_return http::jsonResponse(request, registered->existing ? status::ok : status::created,
                                     ticketJson(registered->ticket, category));
    }
    auto issued = co_await api.tickets.issue(std::move(*parsed));
    if (!issued) co_return refusal(api.hall, api.clock.now(), request, issued.error(), service_id);
    const auto* category = api.hall.category(issued->ticket.category);
    co_return http::jsonResponse(request, issued->existing ? status::ok : status::created,
                                 ticketJson(issued->ticket, category));
}

}  // namespace yici::api
