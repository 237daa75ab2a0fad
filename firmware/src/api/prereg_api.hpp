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

http::Response handleServicePost(const CitizenApi& api, const http::Request& request);
http::Response handleSearchGet(const CitizenApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleRegistrationsPost(const CitizenApi& api,
                                                               const http::Request& request);
boost::asio::awaitable<http::Response> handleRatingsPost(const CitizenApi& api, const http::Request& request);

}  // namespace yici::api
