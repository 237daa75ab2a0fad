// Session handlers: parse the step's body, apply it to the flow, answer with the masked session.
#include "api/session_api.hpp"

#include "api/errors.hpp"
#include "api/internal/prereg_requests.hpp"
#include "api/internal/refusal.hpp"
#include "api/internal/route.hpp"
#include "api/internal/session_view.hpp"

namespace yici::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

// A step of the flow: parse the body, apply it to the session, answer with the session.
template <class Step>
http::Response sessionStep(const SessionApi& api, const http::Request& request, Step step) {
    if (auto ok = step(); !ok) return errorResponse(request, ok.error().code);
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

}  // namespace

void addSessionRoutes(http::Router& router, const SessionApi& api) {
    addRoute(router, verb::get, "/api/v1/session", api, handleSessionGet);
    addRoute(router, verb::delete_, "/api/v1/session", api, handleSessionDelete);
    addRoute(router, verb::post, "/api/v1/session/touch", api, handleTouchPost);
    addRoute(router, verb::post, "/api/v1/session/elder-mode", api, handleElderModePost);
    addRoute(router, verb::post, "/api/v1/session/no-card", api, handleNoCardPost);
    addRoute(router, verb::post, "/api/v1/session/service", api, handleServicePost);
    addRoute(router, verb::post, "/api/v1/session/materials", api, handleMaterialsPost);
    addRoute(router, verb::post, "/api/v1/session/details", api, handleDetailsPost);
    addRoute(router, verb::post, "/api/v1/session/back", api, handleBackPost);
    addRoute(router, verb::post, "/api/v1/session/face/skip", api, handleFaceSkipPost);
}

json::object sessionJson(const SessionApi& api) {
    auto view = sessionView(api.sessions, api.hall);
    return view ? std::move(*view) : json::object{{"active", false}};
}

http::Response handleSessionGet(const SessionApi& api, const http::Request& request) {
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

http::Response handleSessionDelete(const SessionApi& api, const http::Request& request) {
    api.sessions.end("ended_by_citizen");
    return http::noContent(request);
}

http::Response handleTouchPost(const SessionApi& api, const http::Request& request) {
    api.sessions.touch();
    return http::noContent(request);
}

http::Response handleElderModePost(const SessionApi& api, const http::Request& request) {
    auto on = parseElderMode(request.body());
    if (!on) return errorResponse(request, on.error().code);
    api.sessions.setElderMode(*on);
    return http::noContent(request);
}

http::Response handleNoCardPost(const SessionApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] { return api.sessions.startWithoutCard(); });
}

http::Response handleServicePost(const SessionApi& api, const http::Request& request) {
    auto id = parseServiceChoice(request.body());
    if (!id) return errorResponse(request, id.error().code);
    if (auto chosen = api.sessions.chooseService(*id); !chosen)
        return refusal(api.hall, api.clock.now(), request, chosen.error(), *id);
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

http::Response handleMaterialsPost(const SessionApi& api, const http::Request& request) {
    return sessionStep(api, request, [&]() -> Expected<void> {
        auto have = parseMaterials(request.body());
        if (!have) return std::unexpected(have.error());
        return api.sessions.checkMaterials(*have);
    });
}

http::Response handleDetailsPost(const SessionApi& api, const http::Request& request) {
    return sessionStep(api, request, [&]() -> Expected<void> {
        auto details = parseDetails(request.body());
        if (!details) return std::unexpected(details.error());
        return api.sessions.giveDetails(std::move(*details));
    });
}

http::Response handleBackPost(const SessionApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] { return api.sessions.back(); });
}

http::Response handleFaceSkipPost(const SessionApi& api, const http::Request& request) {
    return sessionStep(api, request, [&] {
        return api.sessions.faceChecked(api.sessions.serial(), prereg::FaceResult{"skipped", std::nullopt});
    });
}

}  // namespace yici::api
