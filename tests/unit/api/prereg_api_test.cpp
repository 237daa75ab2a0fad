// The pre-registration routes without a socket: search, choosing an item on the session, confirming a
// registration (its ticket printed with its code) and rating a served ticket.
#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "api/api_bench.hpp"
#include "api/catalog_api.hpp"
#include "api/ratings_api.hpp"
#include "api/registrations_api.hpp"
#include "api/session_api.hpp"

using namespace yici;
using testing::ApiBench;
using testing::errorOf;
using testing::jsonOf;
using testing::request;
namespace bhttp = boost::beast::http;

namespace {

// A citizen with a card at the details step of "re-records-query" (it needs only the ID card).
void toDetails(ApiBench& b) {
    b.reader.place(testing::residentCard());
    REQUIRE(b.sessions.chooseService("re-records-query").has_value());
    REQUIRE(b.sessions.checkMaterials({"id_card"}).has_value());
    prereg::Details details;
    details.mobile = "13912345678";
    REQUIRE(b.sessions.giveDetails(details).has_value());
}

http::Response rate(ApiBench& b, std::string body) {
    const auto req = request(bhttp::verb::post, "/api/v1/ratings", std::move(body));
    return testing::run(b.io, api::handleRatingsPost(b.ratings_api, req));
}

// Window 1 calls the next commercial ticket, as a window clerk does.
void callAtWindow1(ApiBench& b) {
    store::WindowCall call{.window = "1",
                           .category = "commercial",
                           .day = "2026-11-27",
                           .at = "2026-11-27T10:05:00+08:00",
                           .at_unix = 0,
                           .normal_per_priority = 2};
    auto called = b.queue_store.callNext(call);
    REQUIRE(called.has_value());
    REQUIRE(called->has_value());
}

}  // namespace

// ---- GET /api/v1/catalog/search

TEST_CASE("search finds items by pinyin initials and says whether each is issuing now") {
    ApiBench b;
    const auto req = request(bhttp::verb::get, "/api/v1/catalog/search?q=bdc");
    const auto response = api::handleSearchGet(b.catalog_api, req);
    REQUIRE(response.result_int() == 200);
    const auto body = jsonOf(response);
    CHECK(body.at("query") == "bdc");
    const auto& services = body.at("services").as_array();
    REQUIRE_FALSE(services.empty());
    for (const auto& s : services) CHECK(s.at("category") == "real_estate");
    CHECK(services[0].at("issuing") == true);
    const auto closed = jsonOf(
        api::handleSearchGet(b.catalog_api, request(bhttp::verb::get, "/api/v1/catalog/search?q=tax")));
    REQUIRE_FALSE(closed.at("services").as_array().empty());
    CHECK(closed.at("services").as_array()[0].at("issuing") == false);
}

TEST_CASE("a search target that is not a path is 400 bad_request") {
    ApiBench b;
    const auto response = api::handleSearchGet(b.catalog_api, request(bhttp::verb::get, "http://x/api?q=1"));
    CHECK(response.result_int() == 400);
    CHECK(errorOf(response).at("code") == "bad_request");
}

// ---- POST /api/v1/session/service

TEST_CASE("choosing an item needs a session: 409 no_session before a card or no-card start") {
    ApiBench b;
    const auto req = request(bhttp::verb::post, "/api/v1/session/service", R"({"service_id":"re-transfer"})");
    const auto response = api::handleServicePost(b.session_api, req);
    CHECK(response.result_int() == 409);
    CHECK(errorOf(response).at("code") == "no_session");
}

TEST_CASE("choosing an item answers the session at its materials step") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    const auto req = request(bhttp::verb::post, "/api/v1/session/service", R"({"service_id":"re-transfer"})");
    const auto response = api::handleServicePost(b.session_api, req);
    REQUIRE(response.result_int() == 200);
    const auto session = jsonOf(response);
    CHECK(session.at("flow").at("step") == "materials");
    CHECK(session.at("flow").at("service_id") == "re-transfer");
}

TEST_CASE("choosing an item of a closed category is 409 category_closed with next_open; a bad body is 400") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    const auto closed =
        request(bhttp::verb::post, "/api/v1/session/service", R"({"service_id":"tax-iit-enquiry"})");
    const auto response = api::handleServicePost(b.session_api, closed);
    CHECK(response.result_int() == 409);
    CHECK(errorOf(response).at("code") == "category_closed");
    CHECK(errorOf(response).at("next_open") == "2026-11-30T08:30:00+08:00");
    const auto unknown = request(bhttp::verb::post, "/api/v1/session/service", R"({"service_id":"nope"})");
    CHECK(api::handleServicePost(b.session_api, unknown).result_int() == 404);
    const auto bad = request(bhttp::verb::post, "/api/v1/session/service", R"({"service":"re-transfer"})");
    CHECK(errorOf(api::handleServicePost(b.session_api, bad)).at("code") == "bad_request");
}

// ---- POST /api/v1/registrations

TEST_CASE("confirming answers 201 with the registration and its printed ticket, and ends the session") {
    ApiBench b;
    toDetails(b);
    const auto req = request(bhttp::verb::post, "/api/v1/registrations");
    const auto response = testing::run(b.io, api::handleRegistrationsPost(b.registrations_api, req));
    REQUIRE_MESSAGE(response.result_int() == 201, response.body());
    const auto body = jsonOf(response);
    CHECK(body.at("existing") == false);
    const auto& registration = body.at("registration");
    CHECK(registration.at("service_id") == "re-records-query");
    CHECK(registration.at("category") == "real_estate");
    CHECK(registration.at("code").as_string().size() == 6);
    CHECK(registration.at("face_check").is_null());
    CHECK(body.at("ticket").at("number") == "B001");
    CHECK(body.at("ticket").at("status") == "printed");
    CHECK(body.at("ticket").at("registration_id") == registration.at("id"));
    CHECK(b.printer.printed.size() == 1);
    CHECK_FALSE(b.sessions.active());  // wiped once the ticket is in the citizen's hand
    const std::string text = boost::json::serialize(body);
    for (const char* personal : {"张三", "330324198506121230", "13912345678"})
        CHECK(text.find(personal) == std::string::npos);
}

TEST_CASE("confirming without a session is 409 no_session; a failed print is 503 and keeps the session") {
    ApiBench b;
    const auto req = request(bhttp::verb::post, "/api/v1/registrations");
    const auto none = testing::run(b.io, api::handleRegistrationsPost(b.registrations_api, req));
    CHECK(none.result_int() == 409);
    CHECK(errorOf(none).at("code") == "no_session");
    toDetails(b);
    b.printer.failNextPrint(hal::Errc::printer_jam);
    const auto jammed = testing::run(b.io, api::handleRegistrationsPost(b.registrations_api, req));
    CHECK(jammed.result_int() == 503);
    CHECK(errorOf(jammed).at("code") == "printer_jam");
    CHECK(b.sessions.active());  // the citizen can try again or go to the desk
}

// ---- POST /api/v1/ratings

TEST_CASE("a served ticket is rated once: 201, then 409 already_rated") {
    ApiBench b;
    b.printedTicket("commercial", "tap-1");
    callAtWindow1(b);
    const auto rated = rate(b, R"({"ticket":"A001","score":5,"reasons":["fast","friendly"]})");
    REQUIRE_MESSAGE(rated.result_int() == 201, rated.body());
    const auto body = jsonOf(rated);
    CHECK(body.at("ticket_id") == "20261127-A001");
    CHECK(body.at("window") == "1");
    CHECK(body.at("score") == 5);
    const auto again = rate(b, R"({"ticket":"20261127-A001","score":1})");
    CHECK(again.result_int() == 409);
    CHECK(errorOf(again).at("code") == "already_rated");
}

TEST_CASE("ratings of unknown, voided or unserved tickets and unknown reasons are refused") {
    ApiBench b;
    CHECK(errorOf(rate(b, R"({"ticket":"A001","score":4})")).at("code") == "unknown_ticket");
    CHECK(rate(b, R"({"ticket":"A001","score":4})").result_int() == 404);
    b.printedTicket("commercial", "tap-1");
    const auto unserved = rate(b, R"({"ticket":"A001","score":4})");
    CHECK(unserved.result_int() == 409);
    CHECK(errorOf(unserved).at("code") == "ticket_not_served");
    b.printer.failNextPrint(hal::Errc::printer_jam);
    REQUIRE_FALSE(b.issue("commercial", "tap-2").has_value());  // A002, voided
    CHECK(errorOf(rate(b, R"({"ticket":"A002","score":4})")).at("code") == "unknown_ticket");
    callAtWindow1(b);
    const auto reason = rate(b, R"({"ticket":"A001","score":4,"reasons":["cheap"]})");
    CHECK(reason.result_int() == 400);
    CHECK(errorOf(reason).at("code") == "rating_invalid");
    CHECK(errorOf(rate(b, R"({"ticket":"A001","score":9})")).at("code") == "rating_invalid");
}

// ---- POST /api/v1/session/{no-card,materials,details,back,face/skip}, each through its handler

namespace {

using StepHandler = http::Response (*)(const api::SessionApi&, const http::Request&);

http::Response step(ApiBench& b, StepHandler handler, std::string body = {}) {
    return handler(b.session_api, request(bhttp::verb::post, "/api/v1/session/step", std::move(body)));
}

std::string stepOf(const http::Response& response) {
    REQUIRE_MESSAGE(response.result_int() == 200, response.body());
    return std::string(jsonOf(response).at("flow").at("step").as_string());
}

}  // namespace

TEST_CASE("no-card opens a session without a card at the choice of an item") {
    ApiBench b;
    const auto opened = step(b, api::handleNoCardPost);
    CHECK(stepOf(opened) == "choose");
    CHECK(jsonOf(opened).at("has_card") == false);
}

TEST_CASE("materials ticked move the session to the details; a bad body is 400, no session 409") {
    ApiBench b;
    CHECK(errorOf(step(b, api::handleMaterialsPost, R"({"have":[]})")).at("code") == "no_session");
    b.reader.place(testing::residentCard());
    REQUIRE(b.sessions.chooseService("re-records-query").has_value());
    CHECK(errorOf(step(b, api::handleMaterialsPost, R"({"have":"id_card"})")).at("code") == "bad_request");
    const auto checked = step(b, api::handleMaterialsPost, R"({"have":["id_card"]})");
    CHECK(stepOf(checked) == "details");
    CHECK(jsonOf(checked).at("flow").at("materials_have") == boost::json::array{"id_card"});
}

TEST_CASE("details given move the session to the confirmation, the mobile number masked; back goes back") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    REQUIRE(b.sessions.chooseService("re-records-query").has_value());
    REQUIRE(b.sessions.checkMaterials({"id_card"}).has_value());
    CHECK(errorOf(step(b, api::handleDetailsPost, R"({"mobile":13912345678})")).at("code") == "bad_request");
    const auto given = step(b, api::handleDetailsPost, R"({"mobile":"13912345678"})");
    CHECK(stepOf(given) == "confirm");
    CHECK(given.body().find("13912345678") == std::string::npos);
    CHECK(stepOf(step(b, api::handleBackPost)) == "details");
    CHECK(stepOf(step(b, api::handleBackPost)) == "materials");
}

TEST_CASE("skipping the face check ends the face step as skipped, for staff to check at the window") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    REQUIRE(b.sessions.chooseService("ca-marriage").has_value());
    REQUIRE(b.sessions.step() == prereg::Step::face);
    const auto skipped = step(b, api::handleFaceSkipPost);
    CHECK(stepOf(skipped) == "materials");
    CHECK(jsonOf(skipped).at("flow").at("face").at("decision") == "skipped");
    CHECK(errorOf(step(b, api::handleFaceSkipPost)).at("code") != "");  // not at the face step any more
}
