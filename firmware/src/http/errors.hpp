// Error bodies: {"error": {"code", "message_zh", "message_en", ...}} with the fitting status, and the generic
// errors the server itself answers with (the API's own codes and texts live in api/errors).
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "http/server.hpp"

namespace yici::http {

// A code with its status and what a citizen reads: plain Chinese first, English second.
struct ErrorText {
    std::string_view code;
    unsigned status;
    std::string_view zh;
    std::string_view en;
};

inline constexpr ErrorText bad_request{"bad_request", 400, "请求有误，请重试。",
                                       "Something went wrong with the request. Please try again."};
inline constexpr ErrorText not_found{"not_found", 404, "页面不存在。", "Not found."};
inline constexpr ErrorText method_not_allowed{"method_not_allowed", 405, "不支持该操作。",
                                              "This action is not supported."};
inline constexpr ErrorText payload_too_large{"payload_too_large", 413, "请求内容过大。",
                                             "The request is too large."};
inline constexpr ErrorText internal_error{
    "internal_error", 500, "请到入口预登记窗口，工作人员会为您取号。",
    "Please go to the pre-registration desk at the entrance; staff will "
    "give you a ticket."};

// `extra` adds fields to the error object (e.g. "next_open"); `code` overrides the text's code.
Response errorResponse(const Request& request, const ErrorText& text, boost::json::object extra = {},
                       std::string_view code = {});

}  // namespace yici::http
