// What a listener refuses before any handler runs: another Host (DNS rebinding), an Origin that is not the
// kiosk's own page, and a POST that is not JSON (what a cross-site form or "simple" fetch sends).
#include <doctest/doctest.h>

#include "http/errors.hpp"
#include "http/request_guard.hpp"

using namespace yici;
namespace bhttp = boost::beast::http;

namespace {

http::Request requestWith(bhttp::verb method, std::string_view host, std::string_view origin = {},
                          std::string_view content_type = {}) {
    http::Request request(method, "/api/v1/tickets", 11);
    if (!host.empty()) request.set(bhttp::field::host, host);
    if (!origin.empty()) request.set(bhttp::field::origin, origin);
    if (!content_type.empty()) request.set(bhttp::field::content_type, content_type);
    return request;
}

std::string_view refusedWith(const http::RequestGuard& guard, const http::Request& request) {
    const http::ErrorText* refused = http::refusal(guard, request);
    return refused ? refused->code.name() : "";
}

}  // namespace

TEST_CASE("the kiosk's own page on loopback passes, by any of loopback's names") {
    const auto guard = http::RequestGuard::forListener("127.0.0.1", 8080);
    for (const char* host :
         {"127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080", "127.0.0.1"}) {
        CAPTURE(host);
        CHECK(refusedWith(guard, requestWith(bhttp::verb::get, host)) == "");
    }
    CHECK(refusedWith(guard, requestWith(bhttp::verb::post, "127.0.0.1:8080", "http://127.0.0.1:8080",
                                         "application/json; charset=utf-8")) == "");
    CHECK(refusedWith(guard, requestWith(bhttp::verb::post, "localhost:8080", "", "Application/JSON")) == "");
}

TEST_CASE("a Host that is not the listener is misdirected: a rebound name, another port, or none") {
    const auto guard = http::RequestGuard::forListener("127.0.0.1", 8080);
    for (const char* host : {"evil.example:8080", "evil.example", "127.0.0.1:9180", "127.0.0.1:80808",
                             "127.0.0.2:8080", "localhost.evil.example:8080", ""}) {
        CAPTURE(host);
        CHECK(refusedWith(guard, requestWith(bhttp::verb::get, host)) == "misdirected_request");
    }
    CHECK(http::misdirected_request.status == 421);
}

TEST_CASE("an Origin other than the kiosk's own page is refused, even with the right Host") {
    const auto guard = http::RequestGuard::forListener("127.0.0.1", 8080);
    for (const char* origin : {"http://evil.example", "http://evil.example:8080", "https://127.0.0.1:8080",
                               "http://127.0.0.1", "http://127.0.0.1:9180", "null", "file://"}) {
        CAPTURE(origin);
        CHECK(refusedWith(guard, requestWith(bhttp::verb::post, "127.0.0.1:8080", origin,
                                             "application/json")) == "foreign_origin");
        CHECK(refusedWith(guard, requestWith(bhttp::verb::get, "127.0.0.1:8080", origin)) ==
              "foreign_origin");
    }
    CHECK(http::foreign_origin.status == 403);
}

TEST_CASE("a POST that is not JSON is refused: the content types an HTML form or a simple fetch sends") {
    const auto guard = http::RequestGuard::forListener("127.0.0.1", 8080);
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                             "multipart/form-data; boundary=x", "application/jsonx", ""}) {
        CAPTURE(type);
        CHECK(refusedWith(guard, requestWith(bhttp::verb::post, "127.0.0.1:8080", "", type)) ==
              "unsupported_media_type");
    }
    CHECK(refusedWith(guard, requestWith(bhttp::verb::get, "127.0.0.1:8080")) == "");  // a GET has no body
    CHECK(http::unsupported_media_type.status == 415);
}

TEST_CASE("an IPv6 listener answers to its bracketed literal; a listener without the guard checks nothing") {
    const auto v6 = http::RequestGuard::forListener("::1", 8080);
    CHECK(refusedWith(v6, requestWith(bhttp::verb::get, "[::1]:8080")) == "");
    CHECK(refusedWith(v6, requestWith(bhttp::verb::get, "[::1]:8081")) == "misdirected_request");
    CHECK(refusedWith(v6, requestWith(bhttp::verb::get, "[::2]:8080")) == "misdirected_request");
    CHECK(refusedWith(http::RequestGuard{}, requestWith(bhttp::verb::post, "evil.example",
                                                        "http://evil.example", "text/plain")) == "");
}

TEST_CASE("a listener on every address takes any name on its own port; over TLS its Origin is https") {
    const auto status = http::RequestGuard::forListener("0.0.0.0", 9180, true);
    for (const char* host :
         {"kiosk-07.hall.example:9180", "192.0.2.7:9180", "192.0.2.7", "[2001:db8::7]:9180"}) {
        CAPTURE(host);
        CHECK(refusedWith(status, requestWith(bhttp::verb::get, host)) == "");
    }
    CHECK(refusedWith(status, requestWith(bhttp::verb::get, "192.0.2.7:8080")) == "misdirected_request");
    CHECK(refusedWith(status, requestWith(bhttp::verb::get, "")) == "misdirected_request");
    CHECK(refusedWith(status, requestWith(bhttp::verb::post, "192.0.2.7:9180", "https://192.0.2.7:9180",
                                          "application/json")) == "");
    for (const char* origin : {"http://192.0.2.7:9180", "https://192.0.2.7:8080", "http://127.0.0.1:8080"}) {
        CAPTURE(origin);
        CHECK(refusedWith(status, requestWith(bhttp::verb::post, "192.0.2.7:9180", origin,
                                              "application/json")) == "foreign_origin");
    }
    CHECK(refusedWith(status, requestWith(bhttp::verb::post, "192.0.2.7:9180", "", "text/plain")) ==
          "unsupported_media_type");
}
