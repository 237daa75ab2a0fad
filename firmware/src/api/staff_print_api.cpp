// Reprints and new paper rolls for staff, on both listeners.
#include "api/staff_print_api.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

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

void addStaffPrintRoutes(http::Router& router, const StaffPrintApi& api) {
    addRoute(router, verb::post, "/api/v1/tickets/<str>/reprint", api, handleReprintPost);
    addRoute(router, verb::post, "/api/v1/printer/new-roll", api, handleNewRollPost);
}

boost::asio::awaitable<http::Response> handleReprintPost(const StaffPrintApi& api, std::string number,
                                                         const http::Request& request) {
    if (auto refusal = refuseTechnician(api.status, request, "staff_print_disabled"))
        co_return std::move(*refusal);
    http::Response response = co_await reprintAs(api.tickets, std::move(number), "yicictl", request);
    co_return response;
}

boost::asio::awaitable<http::Response> handleNewRollPost(const StaffPrintApi& api,
                                                         const http::Request& request) {
    if (auto refusal = refuseTechnician(api.status, request, "staff_print_disabled"))
        co_return std::move(*refusal);
    http::Response response = co_await newRollAs(api.paper, "yicictl", request);
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

boost::asio::awaitable<http::Response> newRollAs(ticket::PaperRoll* paper, std::string by,
                                                 const http::Request& request) {
    if (paper == nullptr)
        co_return http::jsonResponse(request, status::conflict,
                                     json::object{{"error", "paper_roll_not_counted"},
                                                  {"detail", "the board has no [printer] roll_length_m"}});
    if (auto replaced = co_await paper->replaced(std::move(by)); !replaced)
        co_return errorResponse(request, replaced.error().code);
    co_return http::jsonResponse(request, status::ok, json::object{{"paper_roll", paperRollJson(*paper)}});
}

json::object paperRollJson(const ticket::PaperRoll& paper) {
    const auto round2 = [](double v) { return std::round(v * 100) / 100; };
    return json::object{{"remaining_ratio", round2(paper.remainingRatio())},
                        {"remaining_m", round2(paper.remainingM())},
                        {"length_m", paper.lengthM()}};
}

}  // namespace yici::api
