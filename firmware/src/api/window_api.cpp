// Window calls and priority confirmations: the queue work runs on the store thread.
#include "api/window_api.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <string_view>

#include "api/errors.hpp"
#include "api/internal/log.hpp"
#include "api/internal/prereg_requests.hpp"
#include "api/internal/route.hpp"
#include "api/internal/ticket_json.hpp"
#include "base/async.hpp"

namespace yici::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

store::WindowCall windowCall(const WindowApi& api, const catalog::Category& category, std::string window) {
    const TimePoint now = api.clock.now();
    const LocalTime local = toLocal(now);
    store::WindowCall call;
    call.window = std::move(window);
    call.category = category.id;
    call.day = local.date();
    call.at = local.iso8601();
    call.at_unix = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    call.normal_per_priority = api.hall.normal_per_priority;
    return call;
}

}  // namespace

void addWindowRoutes(http::Router& router, const WindowApi& api) {
    addRoute(router, verb::post, "/api/v1/windows/<str>/call-next", api, handleCallNext);
    addRoute(router, verb::post, "/api/v1/windows/<str>/complete", api, handleComplete);
    addRoute(router, verb::post, "/api/v1/tickets/<str>/confirm-priority", api, handleConfirmPriority);
}

asio::awaitable<http::Response> handleCallNext(const WindowApi& api, std::string window,
                                               const http::Request& request) {
    if (!authorized(api.status, request)) co_return unauthorized(request);
    const catalog::Category* category = api.hall.categoryOfWindow(window);
    if (category == nullptr) co_return errorResponse(request, http::Errc::not_found);
    auto call = [&api, c = windowCall(api, *category, std::move(window))] { return api.queue.callNext(c); };
    auto called = co_await offload(api.store_executor, std::move(call));
    if (!called) {
        log()->error("call-next failed: {}", called.error().message);
        co_return errorResponse(request, called.error().code);
    }
    if (!*called) co_return errorResponse(request, Errc::queue_empty);
    co_return http::jsonResponse(request, status::ok, ticketJson(**called, category));
}

asio::awaitable<http::Response> handleComplete(const WindowApi& api, std::string window,
                                               const http::Request& request) {
    if (!authorized(api.status, request)) co_return unauthorized(request);
    const catalog::Category* category = api.hall.categoryOfWindow(window);
    if (category == nullptr) co_return errorResponse(request, http::Errc::not_found);
    const double seed_s = category->avg_service_min * 60.0;
    auto complete = [&api, seed_s, c = windowCall(api, *category, std::move(window))] {
        return api.queue.complete(c, seed_s);
    };
    auto done = co_await offload(api.store_executor, std::move(complete));
    if (!done) {
        log()->error("complete failed: {}", done.error().message);
        co_return errorResponse(request, done.error().code);
    }
    if (!*done) co_return errorResponse(request, Errc::nothing_to_complete);
    json::object body = ticketJson((*done)->ticket, category);
    body["service_s"] = (*done)->service_s;
    body["average_service_min"] = (*done)->average_service_s / 60.0;
    co_return http::jsonResponse(request, status::ok, body);
}

asio::awaitable<http::Response> handleConfirmPriority(const WindowApi& api, std::string number,
                                                      const http::Request& request) {
    if (!authorized(api.status, request)) co_return unauthorized(request);
    auto staff = parseStaffConfirmation(request.body());
    if (!staff) co_return errorResponse(request, staff.error().code);
    http::Response response = co_await confirmPriorityAs(api, std::move(number), std::move(*staff), request);
    co_return response;
}

asio::awaitable<http::Response> confirmPriorityAs(const WindowApi& api, std::string number, std::string staff,
                                                  const http::Request& request) {
    const LocalTime local = toLocal(api.clock.now());
    store::PriorityConfirmation confirmation{
        .day = local.date(), .number = std::move(number), .staff = std::move(staff), .at = local.iso8601()};
    auto confirm = [&api, c = std::move(confirmation)] { return api.queue.confirmPriority(c); };
    auto confirmed = co_await offload(api.store_executor, std::move(confirm));
    if (!confirmed) {
        log()->error("confirm-priority failed: {}", confirmed.error().message);
        co_return errorResponse(request, confirmed.error().code);
    }
    using Outcome = store::PriorityConfirmed::Outcome;
    switch (confirmed->outcome) {
        case Outcome::unknown_ticket:
            co_return errorResponse(request, Errc::unknown_ticket);
        case Outcome::no_claim:
            co_return errorResponse(request, Errc::no_priority_claim);
        case Outcome::already_called:
            co_return errorResponse(request, Errc::ticket_already_called);
        case Outcome::confirmed:
            break;
    }
    log()->info("ticket {}: priority confirmed by staff", confirmed->ticket.id);
    co_return http::jsonResponse(
        request, status::ok, ticketJson(confirmed->ticket, api.hall.category(confirmed->ticket.category)));
}

}  // namespace yici::api
