// POST /api/v1/tickets input: what is accepted and what is refused, without a socket.
#include <doctest/doctest.h>

#include "api/citizen_api.hpp"
#include "api/errors.hpp"
#include "base/error.hpp"
#include "config/errors.hpp"
#include "store/errors.hpp"
#include "yici/hal/errors.hpp"

using yici::api::parseTicketRequest;

TEST_CASE("a tap's request is read from the key and the JSON body") {
    auto r = parseTicketRequest("2f0c6e1a-tap", R"({"service_id":"real_estate","priority":"elderly"})");
    REQUIRE(r.has_value());
    CHECK(r->service_id == "real_estate");
    CHECK(r->priority == "elderly");
    CHECK(r->idempotency_key == "2f0c6e1a-tap");
    CHECK(parseTicketRequest("k", R"({"service_id":"tax"})")->priority == "normal");
}

TEST_CASE("a missing or malformed Idempotency-Key is refused, so a double tap cannot make two tickets") {
    CHECK(parseTicketRequest("", R"({"service_id":"tax"})").error().code ==
          yici::api::Errc::idempotency_key_required);
    CHECK(parseTicketRequest("has space", R"({"service_id":"tax"})").error().code ==
          yici::api::Errc::idempotency_key_required);
    CHECK(parseTicketRequest(std::string(129, 'k'), R"({"service_id":"tax"})").error().code ==
          yici::api::Errc::idempotency_key_required);
}

TEST_CASE("bodies that are not a service request are refused as bad_request") {
    for (const char* body :
         {"", "null", "[]", "{", R"({"service_id":7})", R"({"service_id":""})", R"({"id":"tax"})",
          R"({"service_id":"tax","priority":"vip"})", R"({"service_id":"tax","priority":1})"}) {
        auto r = parseTicketRequest("k", body);
        REQUIRE_FALSE(r.has_value());
        CHECK_MESSAGE(r.error().code == yici::base::Errc::bad_request, body);
    }
    CHECK_FALSE(parseTicketRequest("k", R"({"service_id":")" + std::string(65, 'a') + R"("})").has_value());
}

TEST_CASE("every printer fault sends the citizen somewhere in plain Chinese and English with a 503") {
    using yici::hal::Errc;
    for (const yici::ErrorCode code :
         {yici::ErrorCode(Errc::printer_out_of_paper), yici::ErrorCode(Errc::printer_cover_open),
          yici::ErrorCode(Errc::printer_jam), yici::ErrorCode(Errc::printer_error),
          yici::ErrorCode(Errc::printer_offline), yici::ErrorCode(Errc::printer_unreachable),
          yici::ErrorCode(Errc::printer_timeout), yici::ErrorCode(Errc::printer_protocol_error),
          yici::ErrorCode(yici::store::Errc::storage_full)}) {
        const auto m = yici::api::citizenMessage(code);
        CHECK_MESSAGE(m.code == code, code.name());
        CHECK(m.status == 503);
        CHECK(m.zh.find("预登记窗口") != std::string_view::npos);
        CHECK(m.en.find("pre-registration desk") != std::string_view::npos);
    }
    CHECK(yici::api::citizenMessage(yici::config::Errc::config_invalid).status == 500);  // technician-only
}
