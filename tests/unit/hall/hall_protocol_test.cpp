// The kiosk → hall wire format: the events batch, and the hall's answers read without trusting them.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "hall/hall_protocol.hpp"

using namespace yici;

TEST_CASE("the events batch carries id, type, time and data, and a registration's personal fields") {
    const std::string body = hall::eventsBody(
        {{"20261128-A001/issued", "ticket_issued", "2026-11-28T09:00:00+08:00", R"({"number":"A001"})", ""},
         {"20261128-K7M2QX/created", "registration_created", "2026-11-28T09:01:00+08:00",
          R"({"code":"K7M2QX"})", R"({"mobile":"13912345678"})"}});
    const auto v = boost::json::parse(body);
    const auto& events = v.at("events").as_array();
    REQUIRE(events.size() == 2);
    CHECK(events[0].at("id") == "20261128-A001/issued");
    CHECK(events[0].at("data").at("number") == "A001");
    CHECK_FALSE(events[0].at("data").as_object().contains("personal"));
    CHECK(events[1].at("data").at("personal").at("mobile") == "13912345678");
}

TEST_CASE("acks: only ids we sent count, each once, in our order; foreign and repeated ids are counted") {
    const std::vector<std::string> sent = {"a", "b", "c"};
    auto acks = hall::parseAcks(R"({"acked":["c","a","x","a"]})", sent);
    REQUIRE(acks.valid);
    CHECK(acks.acked == std::vector<std::string>{"a", "c"});
    CHECK(acks.unknown == 1);
    CHECK(acks.repeated == 1);
    CHECK(hall::parseAcks(R"({"acked":[]})", sent).acked.empty());
}

TEST_CASE(
    "the hall answers each event: acked or rejected with its reason; an older hall's acks still count") {
    const std::vector<std::string> sent = {"a", "b", "c", "d"};
    auto answer = hall::parseAcks(
        R"({"acked":["a"],"rejected":[{"id":"c","reason":"未知事项 service_id"},{"id":"b"},{"id":"a","reason":"x"},)"
        R"({"id":"zz","reason":"?"}]})",
        sent);
    REQUIRE(answer.valid);
    CHECK(answer.acked == std::vector<std::string>{"a"});
    REQUIRE(answer.rejected.size() == 2);  // "a" was acked already: the first answer counts
    CHECK(answer.rejected[0].id == "b");
    CHECK(answer.rejected[0].reason.empty());
    CHECK(answer.rejected[1].id == "c");
    CHECK(answer.rejected[1].reason == "未知事项 service_id");
    CHECK(answer.repeated == 1);
    CHECK(answer.unknown == 1);
    auto only_rejected = hall::parseAcks(R"({"rejected":[{"id":"d","reason":"bad\nline"}]})", sent);
    REQUIRE(only_rejected.valid);
    CHECK(only_rejected.rejected.at(0).reason == "bad line");
    // A long reason is cut to 200 bytes on a character boundary.
    std::string long_reason;
    for (int i = 0; i < 100; ++i) long_reason += "拒";
    const auto cut = hall::parseAcks(R"({"rejected":[{"id":"a","reason":")" + long_reason + "\"}]}", sent);
    REQUIRE(cut.valid);
    CHECK(cut.rejected.at(0).reason.size() == 198);
    for (const char* body :
         {R"({"rejected":{"id":"a"}})", R"({"rejected":["a"]})", R"({"rejected":[{"id":1}]})",
          R"({"acked":["a"],"rejected":[{"id":"b","reason":7}]})"}) {
        CAPTURE(body);
        CHECK_FALSE(hall::parseAcks(body, sent).valid);
    }
}

TEST_CASE("acks: garbage is invalid and acknowledges nothing") {
    const std::vector<std::string> sent = {"a"};
    for (const char* body : {"", "not json", "[]", R"({"ack":["a"]})", R"({"acked":"a"})", R"({"acked":[1]})",
                             R"({"acked":["a")"}) {
        CAPTURE(body);
        const auto acks = hall::parseAcks(body, sent);
        CHECK_FALSE(acks.valid);
        CHECK(acks.acked.empty());
    }
}

TEST_CASE("ticket answers: a short number and window and two counts, or invalid") {
    auto ok =
        hall::parseTicketAnswer(R"({"number":"A123","window":"4/5","waiting_ahead":3,"est_wait_min":12})");
    REQUIRE(ok.valid);
    CHECK(ok.number == "A123");
    CHECK(ok.window == "4/5");
    CHECK(ok.waiting_ahead == 3);
    for (const char* body : {R"({"number":"","window":"4","waiting_ahead":0,"est_wait_min":0})",
                             R"({"number":"A 1","window":"4","waiting_ahead":0,"est_wait_min":0})",
                             R"({"number":"A1","window":4,"waiting_ahead":0,"est_wait_min":0})",
                             R"({"number":"A1","window":"4","waiting_ahead":-1,"est_wait_min":0})",
                             R"({"number":"A1","window":"4","waiting_ahead":0})", "null"}) {
        CAPTURE(body);
        CHECK_FALSE(hall::parseTicketAnswer(body).valid);
    }
}
