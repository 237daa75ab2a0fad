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
    listen_failed,           // the listen socket cannot be opened
    ui_missing,              // the UI directory or its index.html is missing
    misdirected_request,     // a Host that is not this listener
    unsupported_media_type,  // a POST whose body is not application/json
    foreign_origin,          // an Origin that is not this listener's own
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
        case Errc::misdirected_request:
            return "misdirected_request";
        case Errc::unsupported_media_type:
            return "unsupported_media_type";
        case Errc::foreign_origin:
            return "foreign_origin";
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

inline constexpr ErrorText misdirected_request{Errc::misdirected_request, 421, "请求的地址不是本机。",
                                               "This request was meant for another server."};
inline constexpr ErrorText unsupported_media_type{Errc::unsupported_media_type, 415, "请求格式有误。",
                                                  "The request must be sent as JSON."};
inline constexpr ErrorText foreign_origin{Errc::foreign_origin, 403, "不接受来自其他网页的请求。",
                                          "Requests from other web pages are not accepted."};

// `extra` adds fields to the error object (e.g. "next_open").
Response errorResponse(const Request& request, const ErrorText& text, boost::json::object extra = {});

}  // namespace yici::http
