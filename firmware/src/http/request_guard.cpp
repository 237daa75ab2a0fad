// Host, Content-Type and Origin checks, before any handler runs.
#include "http/request_guard.hpp"

#include "http/errors.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace yici::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// "name" or "name:port" (an IPv6 literal in brackets) is one of ours.
bool ourAuthority(const RequestGuard& guard, std::string_view authority, bool port_required) {
    std::string_view name = authority;
    std::string_view port;
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        name = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (port.empty() ? port_required : port != std::to_string(guard.port)) return false;
    if (guard.any_name) return !name.empty();
    return std::any_of(guard.hosts.begin(), guard.hosts.end(),
                       [name](const std::string& host) { return iequals(name, host); });
}

bool isJson(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string_view media = content_type.substr(0, semicolon);
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    return iequals(media, "application/json");
}

}  // namespace

RequestGuard RequestGuard::forListener(const std::string& host, std::uint16_t port, bool tls) {
    RequestGuard guard{.hosts = {host}, .port = port, .scheme = tls ? "https://" : "http://"};
    if (host == "0.0.0.0" || host == "::") {
        guard.hosts.clear();
        guard.any_name = true;
    } else if (host == "127.0.0.1" || host == "::1") {
        guard.hosts = {"127.0.0.1", "localhost", "[::1]"};
    } else if (host.find(':') != std::string::npos) {
        guard.hosts = {"[" + host + "]"};
    }
    return guard;
}

const ErrorText* refusal(const RequestGuard& guard, const Request& request) {
    if (guard.hosts.empty() && !guard.any_name) return nullptr;
    // Host: required by HTTP/1.1 (RFC 9112 3.2); a port other than ours, or another name, was meant for
    // another server.
    const std::string_view host = request[beast_http::field::host];
    if (host.empty() || !ourAuthority(guard, host, false)) return &misdirected_request;
    const std::string_view origin = request[beast_http::field::origin];
    if (!origin.empty() &&
        (!origin.starts_with(guard.scheme) || !ourAuthority(guard, origin.substr(guard.scheme.size()), true)))
        return &foreign_origin;
    if (request.method() == beast_http::verb::post && !isJson(request[beast_http::field::content_type]))
        return &unsupported_media_type;
    return nullptr;
}

}  // namespace yici::http
