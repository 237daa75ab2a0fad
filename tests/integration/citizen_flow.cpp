// The citizen API calls of the touch UI's pre-registration flow, for the integration tests.
#include "citizen_flow.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "printed_ticket.hpp"

namespace yici::itest {

HttpResult post(Bench& bench, const std::string& path, const std::string& body) {
    return httpRequest(bench.ui_port, "POST", path, body, {{"Content-Type", "application/json"}});
}

HttpResult windowCall(Bench& bench, const std::string& window, const std::string& action) {
    return httpRequest(bench.status_port, "POST", "/api/v1/windows/" + window + "/" + action);
}

boost::json::object session(Bench& bench) {
    const auto reply = httpRequest(bench.ui_port, "GET", "/api/v1/session");
    REQUIRE(reply.status == 200);
    return parseObject(reply.body);
}

void tap(Bench& bench, const std::string& card) {
    REQUIRE(bench.ctl("card tap " + card) == 0);
    for (int i = 0; i < 60; ++i) {
        const auto s = session(bench);
        if (s.at("active").as_bool() && s.at("citizen").is_object()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("no session after tapping " << card);
}

boost::json::object fillIn(Bench& bench, const std::string& service, const std::string& materials,
                           const std::string& details) {
    auto r = post(bench, "/api/v1/session/service", R"({"service_id":")" + service + R"("})");
    REQUIRE_MESSAGE(r.status == 200, r.body);
    CHECK(parseObject(r.body).at("flow").at("step") == "materials");
    r = post(bench, "/api/v1/session/materials", materials);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    r = post(bench, "/api/v1/session/details", details);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    auto s = parseObject(r.body);
    CHECK(s.at("flow").at("step") == "confirm");
    return s;
}

}  // namespace yici::itest
