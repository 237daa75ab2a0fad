// The pre-registration routes of the citizen API: catalog search, the flow's steps on the session, the
// registration itself, and satisfaction ratings.
#pragma once

#include <boost/json/array.hpp>

#include "api/citizen_api.hpp"

namespace yici::api {

// GET /api/v1/catalog/search, POST /api/v1/session/{no-card,service,materials,details,back},
// POST /api/v1/registrations, POST /api/v1/ratings.
void addPreRegistrationRoutes(http::Router& router, const CitizenApi& api);

// The reasons a citizen can tick when rating, with their texts (also in GET /api/v1/catalog).
boost::json::array ratingReasons();

// The flow's steps on the session; each answers the session (200) or the step's error.
// POST /api/v1/session/no-card: a session without a card (an e-ID, a booking code, or nothing).
http::Response handleNoCardPost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/service {"service_id"}: the item chosen.
http::Response handleServicePost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/materials {"have": [...]}: the materials the citizen has with them.
http::Response handleMaterialsPost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/details {...}: the details the item asks for.
http::Response handleDetailsPost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/back: one step back.
http::Response handleBackPost(const CitizenApi& api, const http::Request& request);
// POST /api/v1/session/face/skip: the citizen would rather be checked by staff than by the camera.
http::Response handleFaceSkipPost(const CitizenApi& api, const http::Request& request);
http::Response handleSearchGet(const CitizenApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleRegistrationsPost(const CitizenApi& api,
                                                               const http::Request& request);
boost::asio::awaitable<http::Response> handleRatingsPost(const CitizenApi& api, const http::Request& request);

}  // namespace yici::api
