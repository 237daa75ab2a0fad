// Reprints for staff, on both listeners.
#include "api/reprint_api.hpp"

#include "api/internal/log.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>

#include "api/errors.hpp"
#include "api/internal/route.hpp"

namespace yici::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

// A ticket number as tickets have them ("A001", offline "K1A001"), in capitals; nothing else.
bool isTicketNumber(const std::string& number) {
    return !number.empty() && number.size() <= 16 &&
           std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

void addReprintRoutes(http::Router& router, const ReprintApi& api) {
    addRoute(router, verb::post, "/api/v1/tickets/<str>/reprint", api, handleReprintPost);
}

boost::asio::awaitable<http::Response> handleReprintPost(const ReprintApi& api, std::string number,
                                                         const http::Request& request) {
    if (!technicianAuthorized(api.status, request)) {
        if (api.status.selftest_token.empty())
            co_return http::jsonResponse(
                request, status::forbidden,
                json::object{{"error", "reprint_disabled"},
                             {"detail", "the board has no [status] selftest_token_file"}});
        co_return unauthorized(request);
    }
    http::Response response = co_await reprintAs(api.tickets, std::move(number), "yicictl", request);
    co_return response;
}

boost::asio::awaitable<http::Response> reprintAs(ticket::TicketService& tickets, std::string number,
                                                 std::string by, const http::Request& request) {
    std::transform(number.begin(), number.end(), number.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!isTicketNumber(number)) co_return errorResponse(request, base::Errc::bad_request);
    auto reprinted = co_await tickets.reprint(number, by);
    if (!reprinted) co_return errorResponse(request, reprinted.error().code);
    co_return http::jsonResponse(request, status::ok,
                                 json::object{{"id", reprinted->id},
                                              {"number", reprinted->number},
                                              {"status", store::statusName(reprinted->status)},
                                              {"reprints", reprinted->reprints}});
}

}  // namespace yici::api
