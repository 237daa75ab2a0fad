// The technician login: the right PIN gets a token, five wrong ones in a row lock it for a minute, and a
// token lapses five minutes after its last use.
#include <doctest/doctest.h>

#include <algorithm>

#include "api/errors.hpp"
#include "api/technician_auth.hpp"

using namespace yici;
using namespace std::chrono_literals;

namespace {

struct Bench {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    api::TechnicianAuth auth{"246810", [this] { return now; }};
};

}  // namespace

TEST_CASE("the right PIN gets a 64-character lowercase hex token valid for 300 s") {
    Bench b;
    auto login = b.auth.login("246810");
    REQUIRE(login.has_value());
    CHECK(login->expires_in == 300s);
    CHECK(login->token.size() == 64);
    CHECK(std::all_of(login->token.begin(), login->token.end(),
                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    CHECK(b.auth.use(login->token));
}

TEST_CASE("a wrong PIN is refused and gets no token") {
    Bench b;
    CHECK(b.auth.login("246811").error().code == api::Errc::technician_pin_wrong);
    CHECK(b.auth.login("").error().code == api::Errc::technician_pin_wrong);
    CHECK(b.auth.login("2468100").error().code ==
          api::Errc::technician_pin_wrong);  // a longer PIN is not a prefix match
    CHECK_FALSE(b.auth.use(""));
}

TEST_CASE("five wrong PINs in a row lock even the right one out for 60 s") {
    Bench b;
    for (int i = 0; i < 5; ++i) CHECK(b.auth.login("000000").error().code == api::Errc::technician_pin_wrong);
    CHECK(b.auth.retryAfter() == 60s);
    CHECK(b.auth.login("246810").error().code == api::Errc::technician_locked);
    b.now += 59s + 500ms;
    CHECK(b.auth.retryAfter() == 1s);  // rounded up
    CHECK(b.auth.login("246810").error().code == api::Errc::technician_locked);
    b.now += 500ms;
    CHECK(b.auth.retryAfter() == 0s);
    CHECK(b.auth.login("246810").has_value());
}

TEST_CASE("the right PIN resets the count of wrong ones") {
    Bench b;
    for (int i = 0; i < 4; ++i) CHECK(b.auth.login("111111").error().code == api::Errc::technician_pin_wrong);
    REQUIRE(b.auth.login("246810").has_value());
    for (int i = 0; i < 4; ++i) CHECK(b.auth.login("111111").error().code == api::Errc::technician_pin_wrong);
    CHECK(b.auth.retryAfter() == 0s);
    CHECK(b.auth.login("246810").has_value());
}

TEST_CASE("a token lapses 300 s after its last use; using it keeps it alive") {
    Bench b;
    const std::string token = b.auth.login("246810")->token;
    b.now += 299s;
    CHECK(b.auth.use(token));
    b.now += 299s;
    CHECK(b.auth.use(token));  // 598 s after login, but 299 s after its last use
    b.now += 300s;
    CHECK_FALSE(b.auth.use(token));
    b.now -= 10s;  // once lapsed it is forgotten, even if the clock were to disagree
    CHECK_FALSE(b.auth.use(token));
}

TEST_CASE("one token at a time: a new login replaces the old, and logout forgets it") {
    Bench b;
    const std::string first = b.auth.login("246810")->token;
    const std::string second = b.auth.login("246810")->token;
    CHECK(first != second);
    CHECK_FALSE(b.auth.use(first));
    CHECK(b.auth.use(second));
    CHECK_FALSE(b.auth.use(second.substr(0, 63) + (second.back() == 'a' ? "b" : "a")));
    b.auth.logout();
    CHECK_FALSE(b.auth.use(second));
}

TEST_CASE("without a PIN the technician screen is off") {
    api::TechnicianAuth off{"", [] { return std::chrono::steady_clock::time_point{}; }};
    CHECK_FALSE(off.enabled());
    CHECK(off.login("").error().code == api::Errc::technician_disabled);
    CHECK(off.login("246810").error().code == api::Errc::technician_disabled);
    CHECK_FALSE(off.use(""));
}
