// The technician login's parts: the PIN checked against its argon2id hash, the back-off after wrong PINs
// (four free, then 30 s doubling to 300 s, ended by the right PIN), one check at a time, and a token that
// lapses five minutes after its last use.
#include <doctest/doctest.h>

#include <sodium.h>

#include <algorithm>

#include "api/technician_auth.hpp"
#include "privacy/pin_hash.hpp"

using namespace yici;
using namespace std::chrono_literals;
using Auth = api::TechnicianAuth;

namespace {

// yicictl pin-hash of 246810.
constexpr const char* pin_hash =
    "$argon2id$v=19$m=65536,t=2,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA";

struct Bench {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    Auth auth{pin_hash, {}, [this] { return now; }};
};

}  // namespace

TEST_CASE("only the PIN the hash was made from matches") {
    Bench b;
    CHECK(b.auth.matches("246810"));
    CHECK_FALSE(b.auth.matches("246811"));
    CHECK_FALSE(b.auth.matches(""));
    CHECK_FALSE(b.auth.matches("2468100"));  // a longer PIN is not a prefix match
    CHECK_FALSE(b.auth.matches("24681"));
}

TEST_CASE("four wrong PINs are free; then the wait doubles from 30 s to at most 300 s") {
    store::PinAttempts a;
    const std::int64_t t = 1'800'000'000;
    for (int i = 0; i < 4; ++i) {
        a = Auth::afterWrong(a, t);
        CHECK(Auth::waitLeft(a, t) == 0s);
    }
    const std::chrono::seconds expected[] = {30s, 60s, 120s, 240s, 300s, 300s, 300s};
    for (const auto wait : expected) {
        a = Auth::afterWrong(a, t);
        CHECK(Auth::waitLeft(a, t) == wait);
    }
    CHECK(a.wrong_in_a_row == 11);
    for (int i = 0; i < 60; ++i) a = Auth::afterWrong(a, t);  // no overflow however many
    CHECK(Auth::waitLeft(a, t) == 300s);
    CHECK(Auth::waitLeft(a, t + 299) == 1s);
    CHECK(Auth::waitLeft(a, t + 300) == 0s);
}

TEST_CASE("a wait that reaches past the longest one (the wall clock went back) counts as the longest") {
    const store::PinAttempts a{.wrong_in_a_row = 9, .next_try_unix = 1'800'000'000};
    CHECK(Auth::waitLeft(a, 1'800'000'000 - 86'400) == 300s);
}

TEST_CASE("one PIN check at a time") {
    Bench b;
    REQUIRE(b.auth.beginCheck());
    CHECK_FALSE(b.auth.beginCheck());
    b.auth.endCheck();
    CHECK(b.auth.beginCheck());
}

TEST_CASE("a token is 64 lowercase hex characters and lapses 300 s after its last use") {
    Bench b;
    const Auth::Login login = b.auth.issueToken();
    CHECK(login.expires_in == 300s);
    CHECK(login.token.size() == 64);
    CHECK(std::all_of(login.token.begin(), login.token.end(),
                      [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
    b.now += 299s;
    CHECK(b.auth.use(login.token));
    b.now += 299s;
    CHECK(b.auth.use(login.token));  // 598 s after login, but 299 s after its last use
    b.now += 300s;
    CHECK_FALSE(b.auth.use(login.token));
    b.now -= 10s;  // once lapsed it is forgotten, even if the clock were to disagree
    CHECK_FALSE(b.auth.use(login.token));
}

TEST_CASE("one token at a time: a new login replaces the old, and logout forgets it") {
    Bench b;
    const std::string first = b.auth.issueToken().token;
    const std::string second = b.auth.issueToken().token;
    CHECK(first != second);
    CHECK_FALSE(b.auth.use(first));
    CHECK(b.auth.use(second));
    CHECK_FALSE(b.auth.use(second.substr(0, 63) + (second.back() == 'a' ? "b" : "a")));
    b.auth.logout();
    CHECK_FALSE(b.auth.use(second));
}

TEST_CASE("without a PIN hash the technician screen is off") {
    Auth off{"", {{std::string(32, 'a'), "S001"}}, [] { return std::chrono::steady_clock::time_point{}; }};
    CHECK_FALSE(off.enabled());
    CHECK_FALSE(off.beginCheck());
    CHECK_FALSE(off.tapStaffCard(std::string(32, 'a')));  // a staff card opens nothing either
    CHECK_FALSE(off.matches(""));
    CHECK_FALSE(off.use(""));
}

TEST_CASE("a PIN is 6-12 digits; its hash is salted argon2id, and a config takes no other kind") {
    CHECK(privacy::checkPinRule("123456"));
    CHECK(privacy::checkPinRule("123456789012"));
    for (const char* weak : {"", "12345", "1234567890123", "12345a", " 123456"}) {
        const auto refused = privacy::checkPinRule(weak);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code.name() == "technician_pin_weak");
        CHECK(refused.error().message == "a technician PIN is 6-12 digits");
    }
    CHECK_FALSE(privacy::hashPin("1234"));
    const auto one = privacy::hashPin("975310");
    const auto two = privacy::hashPin("975310");
    REQUIRE(one);
    REQUIRE(two);
    CHECK(one->starts_with("$argon2id$v=19$m=65536,t=2,p=1$"));
    CHECK(*one != *two);  // salted
    CHECK(privacy::pinMatches(*two, "975310"));
    CHECK_FALSE(privacy::pinHashProblem(*one));
    CHECK(privacy::pinHashProblem("975310"));  // the PIN itself
    CHECK(privacy::pinHashProblem("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA"));
    CHECK(privacy::pinHashProblem(
        "$argon2id$v=19$m=8,t=1,p=1$HH/Gi2/8Q3VZW5CuGVkniQ$zP4mLiA4t6mv7kxeEbvsQx54CyrLSS7pHBwcZOIaFwA"));
    CHECK(privacy::pinHashProblem("$argon2id$garbage"));
    CHECK_FALSE(privacy::pinMatches("$argon2id$garbage", "975310"));
}

TEST_CASE("a hash made by hand of a PIN shorter than 6 digits never lets that PIN in") {
    // libsodium directly, at yicictl pin-hash's costs: nothing in the hash says how long the PIN was.
    REQUIRE(sodium_init() >= 0);
    std::string hash(crypto_pwhash_STRBYTES, '\0');
    REQUIRE(crypto_pwhash_str_alg(hash.data(), "1234", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) == 0);
    hash.resize(hash.find('\0'));
    CHECK_FALSE(privacy::pinHashProblem(hash));  // a well-formed hash: the config takes it
    CHECK_FALSE(privacy::pinMatches(hash, "1234"));
    Auth auth(hash, {}, [] { return std::chrono::steady_clock::now(); });
    CHECK_FALSE(auth.matches("1234"));
}
