// The citizen's session on the UI listener: GET and DELETE /api/v1/session, and the flow's steps as POSTs
// on it (touch, elder-mode, no-card, service, materials, details, back, face/skip). Each step answers the
// session (200) or the step's error; the flow checks every step against its transition table.
#pragma once

#include <boost/json/object.hpp>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "http/router.hpp"
#include "prereg/flow.hpp"

namespace yici::api {

struct SessionApi {
    prereg::Flow& sessions;
    const catalog::HallCatalog& hall;
    const Clock& clock;  // when a closed category next opens
};

void addSessionRoutes(http::Router& router, const SessionApi& api);

// The session as the API answers it: {"active": false} without one.
boost::json::object sessionJson(const SessionApi& api);

http::Response handleSessionGet(const SessionApi& api, const http::Request& request);
// DELETE /api/v1/session: the citizen ends it; 204.
http::Response handleSessionDelete(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/touch: the screen was touched, the idle countdown starts again; 204.
http::Response handleTouchPost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/elder-mode {"on": bool}: 204.
http::Response handleElderModePost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/no-card: a session without a card (an e-ID, a booking code, or nothing).
http::Response handleNoCardPost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/service {"service_id"}: the item chosen.
http::Response handleServicePost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/materials {"have": [...]}: the materials the citizen has with them.
http::Response handleMaterialsPost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/details {...}: the details the item asks for.
http::Response handleDetailsPost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/back: one step back.
http::Response handleBackPost(const SessionApi& api, const http::Request& request);
// POST /api/v1/session/face/skip: the citizen would rather be checked by staff than by the camera.
http::Response handleFaceSkipPost(const SessionApi& api, const http::Request& request);

}  // namespace yici::api
