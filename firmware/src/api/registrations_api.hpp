// POST /api/v1/registrations: the session's pre-registration confirmed, with its ticket printed; the screen
// hears "registered" on the event stream.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "catalog/hall_catalog.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "prereg/registration_service.hpp"

namespace yici::api {

struct RegistrationsApi {
    prereg::RegistrationService& registrations;
    const catalog::HallCatalog& hall;
    http::EventHub& events;
};

void addRegistrationRoutes(http::Router& router, const RegistrationsApi& api);

boost::asio::awaitable<http::Response> handleRegistrationsPost(const RegistrationsApi& api,
                                                               const http::Request& request);

}  // namespace yici::api
