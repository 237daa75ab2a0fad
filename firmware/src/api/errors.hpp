// API errors: {"error": {"code", "message_zh", "message_en"}} with the fitting HTTP status.
// The texts are what a citizen reads on the screen: plain Chinese first, English second.
#pragma once

#include <string_view>

#include "http/server.hpp"

namespace yici::api {

struct CitizenMessage {
    std::string_view code;
    unsigned status;  // HTTP status
    std::string_view zh;
    std::string_view en;
};

// The message for a code; unknown codes get a generic "please ask staff" text and status 500.
const CitizenMessage& citizenMessage(std::string_view code);

http::Response errorResponse(const http::Request& request, std::string_view code);

}  // namespace yici::api
