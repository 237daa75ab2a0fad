// The status listener's verdict and its bearer token.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <fstream>

#include "api/status_api.hpp"
#include "testing.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

http::Request get(std::string_view target, std::string authorization = "") {
    http::Request r(http::beast_http::verb::get, target, 11);
    if (!authorization.empty()) r.set(http::beast_http::field::authorization, authorization);
    return r;
}

hal::Health ok() {
    hal::Health h;
    h.level = hal::HealthLevel::ok;
    h.code = hal::Errc::ok;
    return h;
}

}  // namespace

TEST_CASE("/health turns degraded when the hall has not taken an event for too long, and shows the outbox") {
    metrics::Registry metrics;
    api::StatusApi status;
    status.metrics = &metrics;
    status.devices.push_back({"printer", [] { return ok(); }, true});
    api::OutboxStatus outbox{3, 12, false};
    status.outbox = [&outbox] { return outbox; };
    auto body = boost::json::parse(api::handleHealthGet(status, get("/health")).body());
    CHECK(body.at("status") == "ok");
    CHECK(body.at("outbox").at("pending") == 3);
    CHECK(body.at("outbox").at("oldest_age_s") == 12);
    outbox = {3, 400, true};
    body = boost::json::parse(api::handleHealthGet(status, get("/health")).body());
    CHECK(body.at("status") == "degraded");
}

TEST_CASE("the bearer token: exact match only; no token needed on loopback") {
    api::StatusApi status;
    CHECK(api::authorized(status, get("/health")));
    status.token = "0123456789abcdef-token";
    CHECK(api::authorized(status, get("/health", "Bearer 0123456789abcdef-token")));
    CHECK_FALSE(api::authorized(status, get("/health")));
    CHECK_FALSE(api::authorized(status, get("/health", "Bearer 0123456789abcdef-toke")));
    CHECK_FALSE(api::authorized(status, get("/health", "Bearer 0123456789abcdef-tokenX")));
    CHECK_FALSE(api::authorized(status, get("/health", "bearer 0123456789abcdef-token")));
    CHECK_FALSE(api::authorized(status, get("/health", "Basic 0123456789abcdef-token")));
}

TEST_CASE("a token file must hold one line of at least 16 printable characters") {
    testing::TempDir dir;
    std::ofstream(dir.path() / "good") << "0123456789abcdef-token\n";
    CHECK(*api::readStatusToken(dir.path() / "good") == "0123456789abcdef-token");
    std::ofstream(dir.path() / "short") << "short\n";
    CHECK_FALSE(api::readStatusToken(dir.path() / "short").has_value());
    std::ofstream(dir.path() / "spaces") << "0123456789 abcdef token\n";
    CHECK_FALSE(api::readStatusToken(dir.path() / "spaces").has_value());
    CHECK_FALSE(api::readStatusToken(dir.path() / "missing").has_value());
}
