// The registration answer: the masked record's public fields and its ticket; never a card field.
#include "api/registrations_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/errors.hpp"
#include "api/internal/route.hpp"
#include "api/internal/ticket_json.hpp"
#include "queue/priority.hpp"

namespace yici::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

void addRegistrationRoutes(http::Router& router, const RegistrationsApi& api) {
    addRoute(router, verb::post, "/api/v1/registrations", api, handleRegistrationsPost);
}

asio::awaitable<http::Response> handleRegistrationsPost(const RegistrationsApi& api,
                                                        const http::Request& request) {
    auto registered = co_await api.registrations.confirm();
    if (!registered) co_return errorResponse(request, registered.error().code);
    const store::Registration& r = registered->registration;
    json::array missing;
    for (const auto& m : r.missing_materials) missing.emplace_back(m);
    json::array priority_reasons;
    for (const auto& p : r.priority_reasons) priority_reasons.emplace_back(p);
    json::object body{
        {"registration",
         json::object{
             {"id", r.id},
             {"code", r.code},
             {"service_id", r.service_id},
             {"category", r.category},
             {"priority", queue::priorityName(r.priority)},
             {"priority_reasons", std::move(priority_reasons)},
             {"priority_claim", r.priority_claim},
             {"missing_materials", std::move(missing)},
             {"created_at", r.created_at},
             {"face_check", r.face_decision.empty() ? json::value(nullptr) : json::value(r.face_decision)}}},
        {"ticket", ticketJson(registered->ticket, api.hall.category(registered->ticket.category))},
        {"existing", registered->existing}};
    api.events.publish("registered", json::object{{"code", r.code}, {"number", registered->ticket.number}});
    co_return http::jsonResponse(request, registered->existing ? status::ok : status::created, body);
}

}  // namespace yici::api
