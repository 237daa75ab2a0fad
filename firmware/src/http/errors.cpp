// Error bodies.
#include "http/errors.hpp"

namespace yici::http {

Response errorResponse(const Request& request, const ErrorText& text, boost::json::object extra,
                       std::string_view code) {
    boost::json::object error = std::move(extra);
    error["code"] = code.empty() ? text.code : code;
    error["message_zh"] = text.zh;
    error["message_en"] = text.en;
    boost::json::object body;
    body["error"] = std::move(error);
    return jsonResponse(request, static_cast<beast_http::status>(text.status), body);
}

}  // namespace yici::http
