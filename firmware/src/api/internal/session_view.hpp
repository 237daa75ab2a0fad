// The citizen session for the UI (GET /api/v1/session).
#pragma once

#include <boost/json/object.hpp>

#include <optional>

#include "catalog/hall_catalog.hpp"
#include "http/wiping_memory.hpp"
#include "prereg/flow.hpp"

namespace yici::api {

// Card fields masked for display and the flow's progress; nullopt without a session. Built in `sp`: by
// default a storage that zeroes what it frees (the view holds the full name at the confirm step).
std::optional<boost::json::object> sessionView(const prereg::Flow& flow, const catalog::HallCatalog& hall,
                                               const boost::json::storage_ptr& sp = http::wipingStorage());

}  // namespace yici::api
