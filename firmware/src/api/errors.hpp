// API errors: {"error": {"code", "message_zh", "message_en"}} with the fitting HTTP status.
// The texts are what a citizen reads on the screen: plain Chinese first, English second.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "http/errors.hpp"

namespace yici::api {

using CitizenMessage = http::ErrorText;

// The message for a code; unknown codes get a generic "please ask staff" text and status 500.
const CitizenMessage& citizenMessage(std::string_view code);
// The message for a code, or null when the table has none.
const CitizenMessage* findCitizenMessage(std::string_view code);

http::Response errorResponse(const http::Request& request, std::string_view code);
// With more fields in the error object (e.g. "next_open" for category_closed).
http::Response errorResponse(const http::Request& request, std::string_view code, boost::json::object extra);

}  // namespace yici::api
