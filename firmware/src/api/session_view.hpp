// The citizen session for the UI (GET /api/v1/session).
#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "catalog/hall_catalog.hpp"
#include "prereg/flow.hpp"

namespace yici::api {

// Card fields masked for display and the flow's progress; nullopt without a session.
std::optional<boost::json::object> sessionView(const prereg::Flow& flow, const catalog::HallCatalog& hall);

}  // namespace yici::api
