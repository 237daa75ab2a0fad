// Ratings: the ticket must have been called today, and each ticket is rated once.
#include "api/ratings_api.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "api/errors.hpp"
#include "api/internal/prereg_requests.hpp"
#include "api/internal/route.hpp"
#include "base/async.hpp"

namespace yici::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

struct Reason {
    std::string_view id, zh, en;
};

constexpr std::array<Reason, 8> reasons = {{
    {"fast", "办理快捷", "Quick service"},
    {"friendly", "态度热情", "Friendly staff"},
    {"clear_guidance", "指引清楚", "Clear guidance"},
    {"one_visit", "一次办成", "Done in one visit"},
    {"long_wait", "等候时间长", "Long wait"},
    {"unclear_requirements", "材料要求不清楚", "Requirements unclear"},
    {"came_again", "需要多次跑", "Had to come more than once"},
    {"poor_attitude", "服务态度差", "Poor attitude"},
}};

}  // namespace

metrics::Counter ratingsCounter(metrics::Registry& registry) {
    return registry.counter("yici_ratings_total", "Satisfaction ratings, by score.");
}

void addRatingRoutes(http::Router& router, const RatingsApi& api) {
    addRoute(router, verb::post, "/api/v1/ratings", api, handleRatingsPost);
}

json::array ratingReasons() {
    json::array out;
    for (const Reason& r : reasons) out.push_back(json::object{{"id", r.id}, {"zh", r.zh}, {"en", r.en}});
    return out;
}

asio::awaitable<http::Response> handleRatingsPost(const RatingsApi& api, const http::Request& request) {
    auto parsed = parseRating(request.body());
    if (!parsed) co_return errorResponse(request, parsed.error().code);
    for (const auto& reason : parsed->reasons) {
        if (std::none_of(reasons.begin(), reasons.end(), [&](const Reason& r) { return r.id == reason; }))
            co_return errorResponse(request, Errc::rating_invalid);
    }
    const LocalTime local = toLocal(api.clock.now());
    auto rate = [&api, r = std::move(*parsed), day = local.date(),
                 at = local.iso8601()]() -> Expected<store::Rating> {
        auto ticket = r.ticket.find('-') == std::string::npos ? api.tickets.findByNumber(day, r.ticket)
                                                              : api.tickets.findById(r.ticket);
        if (!ticket) return std::unexpected(ticket.error());
        if (!*ticket || (*ticket)->status == store::TicketStatus::voided)
            return fail(Errc::unknown_ticket, "no such ticket today");
        if ((*ticket)->called_window.empty())
            return fail(Errc::ticket_not_served, "the ticket was not called yet");
        store::Rating rating{(*ticket)->id, (*ticket)->called_window, r.score, r.reasons, at};
        if (auto ok = api.ratings.add(rating); !ok) return std::unexpected(ok.error());
        return rating;
    };
    auto rated = co_await offload(api.store_executor, std::move(rate));
    if (!rated) co_return errorResponse(request, rated.error().code);
    api.rated.add({{"score", std::to_string(rated->score)}});
    co_return http::jsonResponse(
        request, status::created,
        json::object{{"ticket_id", rated->ticket_id}, {"window", rated->window}, {"score", rated->score}});
}

}  // namespace yici::api
