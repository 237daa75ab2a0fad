// The pre-registration and rating bodies: strict shapes, clear refusals.
#include <doctest/doctest.h>

#include "api/errors.hpp"
#include "api/internal/prereg_requests.hpp"
#include "base/error.hpp"

using namespace yici;

TEST_CASE("details: the mobile is required, fields are strings, unknown keys are refused") {
    auto d = api::parseDetails(
        R"({"mobile":"13800138000","fields":{"no":"123"},"disabled":true,"appointment_code":"AB1234"})");
    REQUIRE(d.has_value());
    CHECK(d->mobile == "13800138000");
    CHECK(d->fields.at("no") == "123");
    CHECK(d->disabled);
    CHECK(d->appointment_code == "AB1234");
    CHECK_FALSE(api::parseDetails(R"({"fields":{}})").has_value());
    CHECK_FALSE(api::parseDetails(R"({"mobile":13800138000})").has_value());
    CHECK_FALSE(api::parseDetails(R"({"mobile":"1","fields":{"no":5}})").has_value());
    CHECK_FALSE(api::parseDetails(R"({"mobile":"1","disabled":"yes"})").has_value());
    CHECK_FALSE(api::parseDetails(R"({"mobile":"1","name":"x"})").has_value());
    CHECK_FALSE(api::parseDetails("not json").has_value());
    CHECK_FALSE(api::parseDetails("[]").has_value());
}

TEST_CASE("materials and service choice") {
    auto have = api::parseMaterials(R"({"have":["id_card","id_card","photo"]})");
    REQUIRE(have.has_value());
    CHECK(*have == std::vector<std::string>{"id_card", "photo"});  // duplicates collapse
    CHECK(api::parseMaterials("{}")->empty());
    CHECK_FALSE(api::parseMaterials(R"({"have":"id_card"})").has_value());
    CHECK_FALSE(api::parseMaterials(R"({"have":[""]})").has_value());
    CHECK(*api::parseServiceChoice(R"({"service_id":"re-transfer"})") == "re-transfer");
    CHECK_FALSE(api::parseServiceChoice(R"({"service_id":""})").has_value());
    CHECK_FALSE(api::parseServiceChoice(R"({"service_id":"x","more":1})").has_value());
}

TEST_CASE("ratings: a score of 1 to 5 and a ticket") {
    auto r = api::parseRating(R"({"ticket":"A001","score":5,"reasons":["fast"]})");
    REQUIRE(r.has_value());
    CHECK(r->score == 5);
    CHECK(r->reasons == std::vector<std::string>{"fast"});
    CHECK(api::parseRating(R"({"ticket":"A001","score":0})").error().code == api::Errc::rating_invalid);
    CHECK(api::parseRating(R"({"ticket":"A001","score":6})").error().code == api::Errc::rating_invalid);
    CHECK(api::parseRating(R"({"ticket":"A001","score":4.5})").error().code == api::Errc::rating_invalid);
    CHECK(api::parseRating(R"({"score":4})").error().code == base::Errc::bad_request);
}

TEST_CASE("elder mode: exactly {\"on\": true} or {\"on\": false}") {
    CHECK(*api::parseElderMode(R"({"on":true})") == true);
    CHECK(*api::parseElderMode(R"({"on":false})") == false);
    for (const char* bad : {"", "{}", "[]", "true", R"({"on":1})", R"({"on":"true"})", R"({"on":null})",
                            R"({"on":true,"for":"120s"})", "{\"on\":true"}) {
        CHECK_MESSAGE(api::parseElderMode(bad).error().code == base::Errc::bad_request, bad);
    }
}
