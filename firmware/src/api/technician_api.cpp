// Technician handlers: every route but login checks the bearer token first; the PIN is never logged.
#include "api/technician_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/errors.hpp"
#include "api/internal/log.hpp"
#include "api/internal/prereg_requests.hpp"
#include "api/internal/route.hpp"
#include "api/staff_print_api.hpp"
#include "base/async.hpp"
#include "base/secure_wipe.hpp"

namespace yici::api {
namespace {

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

// `code` with the wait before the next PIN is checked, in the body and as Retry-After.
http::Response retryResponse(const http::Request& request, Errc code, std::chrono::seconds wait) {
    http::Response response = errorResponse(request, code, json::object{{"retry_after_s", wait.count()}});
    response.set(http::beast_http::field::retry_after, std::to_string(wait.count()));
    return response;
}

std::int64_t unixNow(const Clock& clock) {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
}

// Ends the one PIN check in flight, however the login coroutine leaves.
class CheckGuard {
  public:
    explicit CheckGuard(TechnicianAuth& auth) : auth_(auth) {}
    ~CheckGuard() { auth_.endCheck(); }
    CheckGuard(const CheckGuard&) = delete;
    CheckGuard& operator=(const CheckGuard&) = delete;

  private:
    TechnicianAuth& auth_;
};

}  // namespace

void addTechnicianRoutes(http::Router& router, const TechnicianApi& api) {
    addRoute(router, verb::post, "/api/v1/technician/login", api, handleTechnicianLoginPost);
    addRoute(router, verb::get, "/api/v1/technician/status", api, handleTechnicianStatusGet);
    addRoute(router, verb::post, "/api/v1/technician/test-print", api, handleTestPrintPost);
    addRoute(router, verb::post, "/api/v1/technician/tickets/<str>/confirm-priority", api,
             handleTechnicianConfirmPriorityPost);
    addRoute(router, verb::post, "/api/v1/technician/tickets/<str>/reprint", api,
             handleTechnicianReprintPost);
    addRoute(router, verb::post, "/api/v1/technician/printer/new-roll", api, handleTechnicianNewRollPost);
    addRoute(router, verb::delete_, "/api/v1/technician/session", api, handleTechnicianLogout);
}

asio::awaitable<http::Response> handleTechnicianLoginPost(const TechnicianApi& api,
                                                          const http::Request& request) {
    auto& logger = log();
    auto pin = parseTechnicianLogin(request.body());
    if (!pin) co_return errorResponse(request, pin.error().code);
    if (!api.auth.enabled()) {
        base::secureWipe(*pin);
        co_return errorResponse(request, Errc::technician_disabled);
    }
    // Only a staff card tapped within the last minute lets a PIN be checked, and the back-off is that card's.
    const std::string card = api.auth.tappedCard();
    if (card.empty()) {
        base::secureWipe(*pin);
        co_return errorResponse(request, Errc::staff_card_required);
    }
    if (!api.auth.beginCheck()) {  // another PIN is being checked
        base::secureWipe(*pin);
        co_return retryResponse(request, Errc::technician_locked, std::chrono::seconds(1));
    }
    const CheckGuard guard{api.auth};
    auto load = [&attempts = api.attempts, card] { return attempts.load(card); };
    auto loaded = co_await offload(api.store_executor, std::move(load));
    if (!loaded) logger->warn("technician login: the back-off state: {}", loaded.error().message);
    const store::PinAttempts before = loaded ? *loaded : api.auth.lastAttempts(card);
    if (const auto wait = TechnicianAuth::waitLeft(before, unixNow(api.clock)); wait.count() > 0) {
        base::secureWipe(*pin);
        logger->warn("technician login refused: {} wrong PINs in a row, the next is checked in {} s",
                     before.wrong_in_a_row, wait.count());
        co_return retryResponse(request, Errc::technician_locked, wait);
    }
    auto check = [&auth = api.auth, typed = std::move(*pin)]() mutable {
        const bool right = auth.matches(typed);
        base::secureWipe(typed);
        return right;
    };
    const bool right = co_await offload(api.check_executor, std::move(check));
    const std::int64_t now = unixNow(api.clock);
    const store::PinAttempts after = right ? store::PinAttempts{} : TechnicianAuth::afterWrong(before, now);
    api.auth.rememberAttempts(card, after);
    if (after != before) {
        auto save = [&attempts = api.attempts, card, after] { return attempts.save(card, after); };
        auto saved = co_await offload(api.store_executor, std::move(save));
        if (!saved)
            logger->warn("technician login: the back-off state not stored: {}", saved.error().message);
    }
    if (!right) {
        const auto wait = TechnicianAuth::waitLeft(after, now);
        logger->warn("technician login failed: wrong PIN, {} in a row; the next is checked in {} s",
                     after.wrong_in_a_row, wait.count());
        if (wait.count() == 0) co_return errorResponse(request, Errc::technician_pin_wrong);
        co_return retryResponse(request, Errc::technician_pin_wrong, wait);
    }
    const TechnicianAuth::Login login = api.auth.issueToken();
    logger->info("technician login ok");
    co_return http::jsonResponse(
        request, status::ok,
        json::object{{"token", login.token}, {"expires_in_s", login.expires_in.count()}});
}

http::Response handleTechnicianStatusGet(const TechnicianApi& api, const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request))) return loginRequired(request);
    json::array devices;
    for (const auto& device : api.status.devices) {
        const hal::Health h = device.health();
        devices.push_back(json::object{{"device", device.name},
                                       {"health", hal::levelName(h.level)},
                                       {"code", h.code.name()},
                                       {"detail", h.detail},
                                       {"since", localTime(h.since)}});
    }
    json::array faults;
    for (const auto& f : api.devices.recentFaults()) {
        faults.push_back(json::object{
            {"at", toLocal(f.at).iso8601()},
            {"device", f.device},
            {"health", hal::levelName(f.health.level)},
            {"code", f.health.code.name()},
            {"detail", f.health.detail},
            {"cleared", f.cleared ? json::value(toLocal(*f.cleared).iso8601()) : json::value(nullptr)}});
    }
    const OutboxStatus outbox = api.status.outbox ? api.status.outbox() : OutboxStatus{};
    json::object body{
        {"kiosk_id", api.status.kiosk_id},
        {"version", api.status.version},
        {"uptime_s", uptimeSeconds(api.status)},
        {"now", toLocal(api.clock.now()).iso8601()},
        {"devices", std::move(devices)},
        {"recent_faults", std::move(faults)},
        {"outbox", json::object{{"pending", outbox.pending}, {"oldest_age_s", outbox.oldest_age_s}}},
        {"paper_roll", api.paper != nullptr ? json::value(paperRollJson(*api.paper)) : json::value(nullptr)}};
    return http::jsonResponse(request, status::ok, body);
}

asio::awaitable<http::Response> handleTestPrintPost(const TechnicianApi& api, const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request))) co_return loginRequired(request);
    log()->info("technician test print");
    auto printed = co_await api.tickets.printTest();
    if (!printed) co_return errorResponse(request, printed.error().code);
    co_return http::jsonResponse(request, status::ok, json::object{{"printed", true}});
}

http::Response handleTechnicianLogout(const TechnicianApi& api, const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request))) return loginRequired(request);
    api.auth.logout();
    log()->info("technician logged out");
    return http::noContent(request);
}

asio::awaitable<http::Response> handleTechnicianConfirmPriorityPost(const TechnicianApi& api,
                                                                    std::string number,
                                                                    const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request)) || api.auth.tokenStaff().empty())
        co_return loginRequired(request);
    http::Response response =
        co_await confirmPriorityAs(api.desk, std::move(number), api.auth.tokenStaff(), request);
    co_return response;
}

asio::awaitable<http::Response> handleTechnicianReprintPost(const TechnicianApi& api, std::string number,
                                                            const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request))) co_return loginRequired(request);
    http::Response response = co_await reprintAs(api.tickets, std::move(number), "technician", request);
    co_return response;
}

asio::awaitable<http::Response> handleTechnicianNewRollPost(const TechnicianApi& api,
                                                            const http::Request& request) {
    if (!api.auth.use(http::bearerToken(request))) co_return loginRequired(request);
    http::Response response = co_await newRollAs(api.paper, "technician", request);
    co_return response;
}

}  // namespace yici::api
