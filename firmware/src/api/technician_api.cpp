// Technician handlers: every route but login checks the bearer token first; the PIN is never logged.
#include "api/technician_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/errors.hpp"
#include "api/prereg_requests.hpp"
#include "base/logging.hpp"

namespace yici::api {
namespace {

YICI_LOG_DEFINE_CATEGORY(log, "technician")

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

http::Response loginRequired(const http::Request& request) {
    http::Response response = errorResponse(request, Errc::technician_login_required);
    response.set(http::beast_http::field::www_authenticate, "Bearer");
    return response;
}

json::value localTime(TimePoint t) {
    return t.time_since_epoch().count() == 0 ? json::value(nullptr) : json::value(toLocal(t).iso8601());
}

}  // namespace

void addTechnicianRoutes(http::Router& router, const TechnicianApi& api) {
    router.add(verb::post, "/api/v1/technician/login",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handleTechnicianLoginPost(api, r);
               });
    router.add(verb::get, "/api/v1/technician/status",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   if (!api.auth->use(bearerToken(r))) co_return loginRequired(r);
                   co_return handleTechnicianStatusGet(api, r);
               });
    router.add(verb::post, "/api/v1/technician/test-print",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   if (!api.auth->use(bearerToken(r))) co_return loginRequired(r);
                   http::Response response = co_await handleTestPrintPost(api, r);
                   co_return response;
               });
    router.add(verb::delete_, "/api/v1/technician/session",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   if (!api.auth->use(bearerToken(r))) co_return loginRequired(r);
                   co_return handleTechnicianLogout(api, r);
               });
}

http::Response handleTechnicianLoginPost(const TechnicianApi& api, const http::Request& request) {
    auto& logger = log();
    auto pin = parseTechnicianLogin(request.body());
    if (!pin) return errorResponse(request, pin.error().code);
    auto login = api.auth->login(*pin);
    if (!login) {
        const ErrorCode code = login.error().code;
        if (code == Errc::technician_locked) {
            logger->warn("technician login locked: {}", login.error().message);
            const auto retry = api.auth->retryAfter().count();
            http::Response response = errorResponse(request, code, json::object{{"retry_after_s", retry}});
            response.set(http::beast_http::field::retry_after, std::to_string(retry));
            return response;
        }
        if (code == Errc::technician_pin_wrong)
            logger->warn("technician login failed: {}", login.error().message);
        return errorResponse(request, code);
    }
    logger->info("technician login ok");
    return http::jsonResponse(
        request, status::ok,
        json::object{{"token", login->token}, {"expires_in_s", login->expires_in.count()}});
}

http::Response handleTechnicianStatusGet(const TechnicianApi& api, const http::Request& request) {
    json::array devices;
    for (const auto& device : api.status->devices) {
        const hal::Health h = device.health();
        devices.push_back(json::object{{"device", device.name},
                                       {"health", hal::levelName(h.level)},
                                       {"code", h.code.name()},
                                       {"detail", h.detail},
                                       {"since", localTime(h.since)}});
    }
    json::array faults;
    for (const auto& f : api.devices->recentFaults()) {
        faults.push_back(json::object{{"at", toLocal(f.at).iso8601()},
                                      {"device", f.device},
                                      {"health", hal::levelName(f.health.level)},
                                      {"code", f.health.code.name()},
                                      {"detail", f.health.detail}});
    }
    const OutboxStatus outbox = api.status->outbox ? api.status->outbox() : OutboxStatus{};
    json::object body{
        {"kiosk_id", api.status->kiosk_id},
        {"version", api.status->version},
        {"uptime_s", uptimeSeconds(*api.status)},
        {"now", toLocal(api.clock->now()).iso8601()},
        {"devices", std::move(devices)},
        {"recent_faults", std::move(faults)},
        {"outbox", json::object{{"pending", outbox.pending}, {"oldest_age_s", outbox.oldest_age_s}}}};
    return http::jsonResponse(request, status::ok, body);
}

asio::awaitable<http::Response> handleTestPrintPost(const TechnicianApi& api, const http::Request& request) {
    log()->info("technician test print");
    auto printed = co_await api.tickets->printTest();
    if (!printed) co_return errorResponse(request, printed.error().code);
    co_return http::jsonResponse(request, status::ok, json::object{{"printed", true}});
}

http::Response handleTechnicianLogout(const TechnicianApi& api, const http::Request& request) {
    api.auth->logout();
    log()->info("technician logged out");
    return http::noContent(request);
}

}  // namespace yici::api
