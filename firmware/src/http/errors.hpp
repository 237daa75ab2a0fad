// Error bodies: {"error": {"code", "message_zh", "message_en", ...}} with the fitting status, and the generic
// errors the server itself answers with (the API's own codes and texts live in api/errors).
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "base/error.hpp"
#include "base/error_code.hpp"
#include "http/server.hpp"

namespace yici::http {

// The server's own codes. (A malformed request is base::Errc::bad_request, shared with the modules below.)
enum class Errc {
    not_found,
    method_not_allowed,
    payload_too_large,
    internal_error,
    listen_failed,  // the listen socket cannot be opened
    ui_missing,     // the UI directory or its index.html is missing
};

constexpr std::string_view errorModule(Errc) {
    return "http";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::not_found:
            return "not_found";
        case Errc::method_not_allowed:
            return "method_not_allowed";
        case Errc::payload_too_large:
            return "payload_too_large";
        case Errc::internal_error:
            return "internal_error";
        case Errc::listen_failed:
            return "listen_failed";
        case Errc::ui_missing:
            return "ui_missing";
    }
    return {};
}

// A code with its status and what a citizen reads: plain Chinese first, English second.
struct ErrorText {
    ErrorCode code;
    unsigned status;
    std::string_view zh;
    std::string_view en;
};

inline constexpr ErrorText bad_request{base::Errc::bad_request, 400, "请求有误，请重试。",
                                       "Something went wrong with the request. Please try again."};
inline constexpr ErrorText not_found{Errc::not_found, 404, "页面不存在。", "Not found."};
inline constexpr ErrorText method_not_allowed{Errc::method_not_allowed, 405, "不支持该操作。",
                                              "This action is not supported."};
inline constexpr ErrorText payload_too_large{Errc::payload_too_large, 413, "请求内容过大。",
                                             "The request is too large."};
inline constexpr ErrorText internal_error{
    Errc::internal_error, 500, "请到入口预登记窗口，工作人员会为您取号。",
    "Please go to the pre-registration desk at the entrance; staff will "
    "give you a ticket."};

// `extra` adds fields to the error object (e.g. "next_open").
Response errorResponse(const Request& request, const ErrorText& text, boost::json::object extra = {});

}  // namespace yici::http
