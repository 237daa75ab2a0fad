// Pre-registration handlers. The session checks every step against the flow's transition table.
#include "api/prereg_api.hpp"

#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>

#include <array>

#include "api/errors.hpp"
#include "api/prereg_requests.hpp"
#include "base/async.hpp"
#include "base/error.hpp"
#include "catalog/schedule.hpp"
#include "catalog/search.hpp"
#include "queue/priority.hpp"

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

// A step of the flow: parse the body, apply it to the session, answer with the session.
template <class Step>
http::Response sessionStep(const CitizenApi& api, const http::Request& request, Step step) {
    if (auto ok = step(); !ok) return errorResponse(request, ok.error().code);
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

using SyncHandler = http::Response (*)(const CitizenApi&, const http::Request&);

void addSync(http::Router& router, const CitizenApi& api, verb method, std::string path,
             SyncHandler handler) {
    router.add(method, std::move(path),
               [&api, handler](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handler(api, r);
               });
}

}  // namespace

json::array ratingReasons() {
    json::array out;
    for (const Reason& r : reasons) out.push_back(json::object{{"id", r.id}, {"zh", r.zh}, {"en", r.en}});
    return out;
}

void addPreRegistrationRoutes(http::Router& router, const CitizenApi& api) {
    addSync(router, api, verb::get, "/api/v1/catalog/search", handleSearchGet);
    addSync(router, api, verb::post, "/api/v1/session/no-card", handleNoCardPost);
    addSync(router, api, verb::post, "/api/v1/session/service", handleServicePost);
    addSync(router, api, verb::post, "/api/v1/session/materials", handleMaterialsPost);
    addSync(router, api, verb::post, "/api/v1/session/details", handleDetailsPost);
    addSync(router, api, verb::post, "/api/v1/session/back", handleBackPost);
    addSync(router, api, verb::post, "/api/v1/session/face/skip", handleFaceSkipPost);
    router.add(verb::post, "/api/v1/registrations",
               [&api](const http::Request& r) { return handleRegistrationsPost(api, r); });
    router.add(verb::post, "/api/v1/ratings",
               [&api](const http::Request& r) { return handleRatingsPost(api, r); });
}

http::Response handleNoCardPost(const CitizenApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] { return api.sessions->startWithoutCard(); });
}

http::Response handleMaterialsPost(const CitizenApi& api, const http::Request& request) {
    return sessionStep(api, request, [&]() -> Expected<void> {
        auto have = parseMaterials(request.body());
        if (!have) return std::unexpected(have.error());
        return api.sessions->checkMaterials(*have);
    });
}

http::Response handleDetailsPost(const CitizenApi& api, const http::Request& request) {
    return sessionStep(api, request, [&]() -> Expected<void> {
        auto details = parseDetails(request.body());
        if (!details) return std::unexpected(details.error());
        return api.sessions->giveDetails(std::move(*details));
    });
}

http::Response handleBackPost(const CitizenApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] { return api.sessions->back(); });
}

http::Response handleFaceSkipPost(const CitizenApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] {
        return api.sessions->faceChecked(api.sessions->serial(), prereg::FaceResult{"skipped", std::nullopt});
    });
}

http::Response handleServicePost(const CitizenApi& api, const http::Request& request) {
    auto id = parseServiceChoice(request.body());
    if (!id) return errorResponse(request, id.error().code);
    if (auto chosen = api.sessions->chooseService(*id); !chosen)
        return refusal(api, request, chosen.error(), *id);
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

http::Response handleSearchGet(const CitizenApi& api, const http::Request& request) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target) return errorResponse(request, base::Errc::bad_request);
    std::string query;
    if (auto it = target->params().find("q"); it != target->params().end()) query = (*it).value;
    const TimePoint now = api.clock->now();
    json::array services;
    for (const catalog::Service* s : catalog::searchServices(*api.hall, query)) {
        const catalog::Category* c = api.hall->category(s->category);
        services.push_back(
            json::object{{"id", s->id},
                         {"category", s->category},
                         {"name_zh", s->name_zh},
                         {"name_en", s->name_en},
                         {"initials", s->initials},
                         {"no_card_ok", s->no_card_ok},
                         {"issuing", c != nullptr && catalog::availability(*api.hall, *c, now).issuing}});
    }
    return http::jsonResponse(request, status::ok,
                              json::object{{"query", query}, {"services", std::move(services)}});
}

asio::awaitable<http::Response> handleRegistrationsPost(const CitizenApi& api, const http::Request& request) {
    auto registered = co_await api.registrations->confirm();
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
        {"ticket", ticketJson(registered->ticket, api.hall->category(registered->ticket.category))},
        {"existing", registered->existing}};
    api.events->publish("registered", json::object{{"code", r.code}, {"number", registered->ticket.number}});
    co_return http::jsonResponse(request, registered->existing ? status::ok : status::created, body);
}

asio::awaitable<http::Response> handleRatingsPost(const CitizenApi& api, const http::Request& request) {
    auto parsed = parseRating(request.body());
    if (!parsed) co_return errorResponse(request, parsed.error().code);
    for (const auto& reason : parsed->reasons) {
        if (std::none_of(reasons.begin(), reasons.end(), [&](const Reason& r) { return r.id == reason; }))
            co_return errorResponse(request, Errc::rating_invalid);
    }
    const LocalTime local = toLocal(api.clock->now());
    auto rate = [&api, r = std::move(*parsed), day = local.date(),
                 at = local.iso8601()]() -> Expected<store::Rating> {
        auto ticket = r.ticket.find('-') == std::string::npos ? api.store->findByNumber(day, r.ticket)
                                                              : api.store->findById(r.ticket);
        if (!ticket) return std::unexpected(ticket.error());
        if (!*ticket || (*ticket)->status == store::TicketStatus::voided)
            return fail(Errc::unknown_ticket, "no such ticket today");
        if ((*ticket)->called_window.empty())
            return fail(Errc::ticket_not_served, "the ticket was not called yet");
        store::Rating rating{(*ticket)->id, (*ticket)->called_window, r.score, r.reasons, at};
        if (auto ok = api.ratings->add(rating); !ok) return std::unexpected(ok.error());
        return rating;
    };
    auto rated = co_await offload(api.store_executor, std::move(rate));
    if (!rated) co_return errorResponse(request, rated.error().code);
    api.metrics->ratings.add({{"score", std::to_string(rated->score)}});
    co_return http::jsonResponse(
        request, status::created,
        json::object{{"ticket_id", rated->ticket_id}, {"window", rated->window}, {"score", rated->score}});
}

}  // namespace yici::api
