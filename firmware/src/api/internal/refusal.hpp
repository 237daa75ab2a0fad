// A ticket or service refused: the error answer, and for a closed category when it next opens.
#pragma once

#include <string_view>

#include "base/error.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "http/router.hpp"

namespace yici::api {

// The error answer for `error`; category_closed also says when the category of `service_id` (a service or
// a category id) next opens, as "next_open" (null: not within the calendar).
http::Response refusal(const catalog::HallCatalog& hall, TimePoint now, const http::Request& request,
                       const Error& error, std::string_view service_id);

}  // namespace yici::api
