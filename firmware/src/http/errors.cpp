// Error bodies.
#include "http/errors.hpp"

namespace yici::http {

Response errorResponse(const Request& request, const ErrorText& text, boost::json::object extra) {
    boost::json::object error = std::move(extra);
    error["code"] = text.code.name();
    error["message_zh"] = text.zh;
    error["message_en"] = text.en;
    boost::json::object body;
    body["error"] = std::move(error);
    return jsonResponse(request, static_cast<beast_http::status>(text.status), body);
}

}  // namespace yici::http
