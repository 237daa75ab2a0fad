// The router without a socket: patterns with `<str>` segments, their precedence below literal routes,
// percent- decoding of what they capture, 404 for what matches nothing and 405 with Allow for another method.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <exception>
#include <optional>
#include <string>

#include "http/router.hpp"
#include "http/server.hpp"

using namespace yici;
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

// A handler that answers with its name and what it captured: "window:4".
http::ParamHandler named(std::string name) {
    return [name](const http::Request& request,
                  const http::PathParams& params) -> asio::awaitable<http::Response> {
        std::string body = name;
        for (const std::string& p : params) body += ":" + p;
        co_return http::textResponse(request, bhttp::status::ok, body, "text/plain");
    };
}

http::Handler literal(std::string name) {
    return [name](const http::Request& request) -> asio::awaitable<http::Response> {
        co_return http::textResponse(request, bhttp::status::ok, name, "text/plain");
    };
}

http::Response dispatch(const http::Router& router, bhttp::verb method, std::string target) {
    asio::io_context io;
    const http::Request request(method, target, 11);
    std::optional<http::Response> answer;
    asio::co_spawn(io, router.dispatch(request), [&](std::exception_ptr error, http::Response response) {
        REQUIRE_FALSE(error);
        answer = std::move(response);
    });
    io.run();
    REQUIRE(answer.has_value());
    return std::move(*answer);
}

std::string errorCode(const http::Response& response) {
    boost::system::error_code ec;
    const auto body = boost::json::parse(response.body(), ec);
    if (ec || !body.is_object()) return "not json: " + response.body();
    const auto* error = body.as_object().if_contains("error");
    if (error == nullptr || !error->is_object()) return "no error object: " + response.body();
    const auto* code = error->as_object().if_contains("code");
    return code != nullptr && code->is_string() ? std::string(code->as_string()) : "no code";
}

struct Routes {
    http::Router router;
    Routes() {
        router.add(bhttp::verb::post, "/api/v1/windows/<str>/call-next", named("call-next"));
        router.add(bhttp::verb::post, "/api/v1/windows/<str>/complete", named("complete"));
        router.add(bhttp::verb::post, "/api/v1/windows/special/call-next", literal("special"));
        router.add(bhttp::verb::get, "/api/v1/windows/lobby/call-next", literal("lobby"));
        router.add(bhttp::verb::get, "/api/v1/desks/<str>/<str>", named("two"));
        router.add(bhttp::verb::get, "/api/v1/desks/<str>/state", named("state"));
        router.add(bhttp::verb::get, "/api/v1/desks/main/<str>", named("main"));
    }
};

}  // namespace

TEST_CASE("a <str> segment captures one path segment and hands it to the handler") {
    Routes r;
    const auto called = dispatch(r.router, bhttp::verb::post, "/api/v1/windows/4/call-next");
    CHECK(called.result() == bhttp::status::ok);
    CHECK(called.body() == "call-next:4");
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/windows/A12/complete?x=1").body() == "complete:A12");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/desks/7/open").body() == "two:7:open");
}

TEST_CASE("a captured segment is percent-decoded, and an encoded slash never matches a <str>") {
    Routes r;
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/windows/%E4%B8%80%20A/call-next").body() ==
          "call-next:一 A");
    const auto slash = dispatch(r.router, bhttp::verb::post, "/api/v1/windows/4%2F5/call-next");
    CHECK(slash.result() == bhttp::status::not_found);
    CHECK(errorCode(slash) == "not_found");
}

TEST_CASE("a <str> matches neither an empty segment nor more than one segment") {
    Routes r;
    for (const char* target : {"/api/v1/windows//call-next", "/api/v1/windows/4/5/call-next",
                               "/api/v1/windows/call-next", "/api/v1/windows/4/call-next/"}) {
        const auto refused = dispatch(r.router, bhttp::verb::post, target);
        CHECK_MESSAGE(refused.result() == bhttp::status::not_found, target);
        CHECK_MESSAGE(errorCode(refused) == "not_found", target);
    }
}

TEST_CASE("a literal route wins over a pattern, and of two patterns the leftmost literal segment wins") {
    Routes r;
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/windows/special/call-next").body() == "special");
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/windows/lobby/call-next").body() ==
          "call-next:lobby");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/windows/lobby/call-next").body() == "lobby");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/desks/3/state").body() == "state:3");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/desks/main/open").body() == "main:open");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/desks/main/state").body() == "main:state");
    // Registered in the other order, the same answers.
    http::Router reversed;
    reversed.add(bhttp::verb::get, "/api/v1/desks/main/<str>", named("main"));
    reversed.add(bhttp::verb::get, "/api/v1/desks/<str>/state", named("state"));
    reversed.add(bhttp::verb::get, "/api/v1/desks/<str>/<str>", named("two"));
    reversed.add(bhttp::verb::post, "/api/v1/windows/special/call-next", literal("special"));
    reversed.add(bhttp::verb::post, "/api/v1/windows/<str>/call-next", named("call-next"));
    CHECK(dispatch(reversed, bhttp::verb::post, "/api/v1/windows/special/call-next").body() == "special");
    CHECK(dispatch(reversed, bhttp::verb::post, "/api/v1/windows/9/call-next").body() == "call-next:9");
    CHECK(dispatch(reversed, bhttp::verb::get, "/api/v1/desks/3/state").body() == "state:3");
    CHECK(dispatch(reversed, bhttp::verb::get, "/api/v1/desks/main/state").body() == "main:state");
    CHECK(dispatch(reversed, bhttp::verb::get, "/api/v1/desks/3/open").body() == "two:3:open");
}

TEST_CASE("a path a pattern matches, asked with another method, is a 405 naming the methods it has") {
    Routes r;
    const auto refused = dispatch(r.router, bhttp::verb::get, "/api/v1/windows/4/call-next");
    CHECK(refused.result() == bhttp::status::method_not_allowed);
    CHECK(errorCode(refused) == "method_not_allowed");
    CHECK(refused[bhttp::field::allow] == "POST");
    // A literal route and a pattern of the same method name it once; literal and pattern methods together.
    CHECK(dispatch(r.router, bhttp::verb::delete_,
                   "/api/v1/windows/special/call-next")[bhttp::field::allow] == "POST");
    const auto both = dispatch(r.router, bhttp::verb::delete_, "/api/v1/windows/lobby/call-next");
    CHECK(both.result() == bhttp::status::method_not_allowed);
    CHECK(both[bhttp::field::allow] == "GET, POST");
}

TEST_CASE("a path no route matches is a 404 in the JSON error format, unless a GET fallback serves it") {
    Routes r;
    const auto missing = dispatch(r.router, bhttp::verb::post, "/api/v1/tables/4/call-next");
    CHECK(missing.result() == bhttp::status::not_found);
    CHECK(errorCode(missing) == "not_found");
    r.router.fallback(literal("static"));
    CHECK(dispatch(r.router, bhttp::verb::get, "/index.html").body() == "static");
    CHECK(dispatch(r.router, bhttp::verb::post, "/index.html").result() == bhttp::status::not_found);
}

TEST_CASE("a prefix route takes every request under it that no route matches, whatever the method") {
    Routes r;
    r.router.addPrefix("/api/", literal("out of service"));
    r.router.fallback(literal("static"));
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/anything").body() == "out of service");
    CHECK(dispatch(r.router, bhttp::verb::get, "/api/v1/catalog").body() == "out of service");
    CHECK(dispatch(r.router, bhttp::verb::post, "/api/v1/windows/special/call-next").body() == "special");
    CHECK(dispatch(r.router, bhttp::verb::get, "/index.html").body() == "static");
    CHECK(dispatch(r.router, bhttp::verb::post, "/index.html").result() == bhttp::status::not_found);
}
