// The window-call API without a socket: a window calls the next waiting ticket of its category and
// completes it, and the kiosk learns the service time from it; only with the hall's status token.
#include <doctest/doctest.h>

#include "api/api_bench.hpp"
#include "api/window_api.hpp"

using namespace yici;
using testing::errorOf;
using testing::jsonOf;
using testing::request;
namespace bhttp = boost::beast::http;

namespace {

struct WindowBench : testing::ApiBench {
    const api::StatusMetrics status_metrics{metrics};
    api::StatusApi status{.metrics = status_metrics};
    const api::WindowApi windows{.store_executor = io.get_executor(),
                                 .queue = queue_store,
                                 .hall = hall,
                                 .clock = clock,
                                 .status = status};

    // A counter terminal's call, with the hall's token when the listener needs one.
    http::Request windowCall(const std::string& target) const {
        return testing::withToken(request(bhttp::verb::post, target), status.token);
    }
    http::Response callNext(std::string window) {
        const auto req = windowCall("/api/v1/windows/" + window + "/call-next");
        return testing::run(io, api::handleCallNext(windows, window, req));
    }
    http::Response complete(std::string window) {
        const auto req = windowCall("/api/v1/windows/" + window + "/complete");
        return testing::run(io, api::handleComplete(windows, window, req));
    }
};

}  // namespace

TEST_CASE("the window calls need the status listener's bearer token when it has one") {
    WindowBench b;
    b.status.token = "0123456789abcdef0123";
    http::Router router;
    api::addWindowRoutes(router, b.windows);
    b.printedTicket("commercial", "tap-1");
    for (const char* action : {"call-next", "complete"}) {
        for (const char* given : {"", "Bearer wrong-token-0123456", "Basic 0123456789abcdef0123"}) {
            http::Request req = request(bhttp::verb::post, std::string("/api/v1/windows/1/") + action);
            if (*given != '\0') req.set(bhttp::field::authorization, given);
            const auto refused = testing::run(b.io, router.dispatch(req));
            CHECK(refused.result_int() == 401);
            CHECK(refused[bhttp::field::www_authenticate] == "Bearer");
        }
    }
    http::Request req = request(bhttp::verb::post, "/api/v1/windows/1/call-next");
    req.set(bhttp::field::authorization, "Bearer 0123456789abcdef0123");
    const auto called = testing::run(b.io, router.dispatch(req));
    CHECK(called.result_int() == 200);
    CHECK(jsonOf(called).at("number") == "A001");  // the refused calls called nobody
}

TEST_CASE("call-next with nobody waiting is 409 queue_empty") {
    WindowBench b;
    const auto response = b.callNext("1");
    CHECK(response.result_int() == 409);
    CHECK(errorOf(response).at("code") == "queue_empty");
}

TEST_CASE("call-next answers the oldest waiting ticket, called to this window") {
    WindowBench b;
    b.printedTicket("commercial", "tap-1");
    b.printedTicket("commercial", "tap-2");
    const auto first = b.callNext("2");
    REQUIRE(first.result_int() == 200);
    const auto ticket = jsonOf(first);
    CHECK(ticket.at("number") == "A001");
    CHECK(ticket.at("called_window") == "2");
    CHECK(ticket.at("windows") == boost::json::array{"1", "2", "3"});
    CHECK(jsonOf(b.callNext("3")).at("number") == "A002");
    CHECK(b.callNext("1").result_int() == 409);
}

TEST_CASE("a voided ticket is never called") {
    WindowBench b;
    b.printer.failNextPrint(hal::Errc::printer_jam);
    REQUIRE_FALSE(b.issue("commercial", "tap-1").has_value());
    CHECK(errorOf(b.callNext("1")).at("code") == "queue_empty");
}

TEST_CASE("complete answers the served ticket with its service time; nothing called is 409") {
    WindowBench b;
    const auto nothing = b.complete("1");
    CHECK(nothing.result_int() == 409);
    CHECK(errorOf(nothing).at("code") == "nothing_to_complete");
    b.printedTicket("commercial", "tap-1");
    REQUIRE(b.callNext("1").result_int() == 200);
    b.clock.set(testing::shanghai(2026, 11, 27, 10, 12));
    const auto done = b.complete("1");
    REQUIRE_MESSAGE(done.result_int() == 200, done.body());
    const auto body = jsonOf(done);
    CHECK(body.at("number") == "A001");
    CHECK(body.at("service_s").to_number<double>() == doctest::Approx(12 * 60));
    CHECK(body.at("average_service_min").to_number<double>() > 0);
    CHECK(b.complete("1").result_int() == 409);
}

TEST_CASE("a call the store cannot write answers 503 storage_error") {
    WindowBench b;
    b.printedTicket("commercial", "tap-1");
    b.db.denyWrites();
    const auto response = b.callNext("1");
    CHECK(response.result_int() == 503);
    CHECK(errorOf(response).at("code") == "storage_error");
}

TEST_CASE(
    "staff confirm a claimed priority with their id on the status listener; the ticket then goes first") {
    WindowBench b;
    b.status.token = "0123456789abcdef0123";
    http::Router router;
    api::addWindowRoutes(router, b.windows);
    b.printedTicket("commercial", "tap-1");  // A001
    ticket::TicketRequest claimed;
    claimed.service_id = "commercial";
    claimed.claim = ticket::Claim::priority;
    REQUIRE(testing::run(b.io, b.tickets.issue(claimed)).has_value());  // A002
    const auto confirm = [&](const std::string& number, const std::string& body, const char* token) {
        http::Request req =
            request(bhttp::verb::post, "/api/v1/tickets/" + number + "/confirm-priority", body);
        if (token != nullptr) req.set(bhttp::field::authorization, std::string("Bearer ") + token);
        return testing::run(b.io, router.dispatch(req));
    };
    const char* token = "0123456789abcdef0123";
    CHECK(confirm("A002", R"({"staff":"S017"})", nullptr).result_int() == 401);
    for (const char* bad : {"", "{}", R"({"staff":""})", R"({"staff":"S 017"})", R"({"staff":7})",
                            R"({"staff":"S017","priority":"x"})"}) {
        CHECK_MESSAGE(confirm("A002", bad, token).result_int() == 400, bad);
    }
    CHECK(errorOf(confirm("A001", R"({"staff":"S017"})", token)).at("code") == "no_priority_claim");
    CHECK(errorOf(confirm("A009", R"({"staff":"S017"})", token)).at("code") == "unknown_ticket");
    const auto confirmed = confirm("A002", R"({"staff":"S017"})", token);
    REQUIRE(confirmed.result_int() == 200);
    CHECK(jsonOf(confirmed).at("priority") == "confirmed");
    CHECK(jsonOf(confirmed).at("priority_claim") == false);
    CHECK(errorOf(confirm("A002", R"({"staff":"S017"})", token)).at("code") == "no_priority_claim");  // once
    CHECK(jsonOf(b.callNext("1")).at("number") == "A002");
    CHECK(errorOf(confirm("A002", R"({"staff":"S017"})", token)).at("code") == "ticket_already_called");
}
