// Cutting text for storage and display never splits a character.
#include <doctest/doctest.h>

#include <string>

#include "base/utf8.hpp"

using namespace yici;

TEST_CASE("a prefix within a byte budget ends on a character boundary") {
    const std::string text = "拒绝ab";  // two 3-byte characters, then two ASCII bytes
    CHECK(base::utf8::prefixWithin(text, 100) == text.size());
    CHECK(base::utf8::prefixWithin(text, 8) == 8);
    CHECK(base::utf8::prefixWithin(text, 6) == 6);
    CHECK(base::utf8::prefixWithin(text, 5) == 3);  // never half of 绝
    CHECK(base::utf8::prefixWithin(text, 2) == 0);
    CHECK(base::utf8::prefixWithin("", 10) == 0);
    const std::string cut_short = std::string("a") + "\xE6\x8B";  // a character cut off by the sender
    CHECK(base::utf8::prefixWithin(cut_short, 10) == cut_short.size());
    CHECK(base::utf8::prefixWithin(cut_short, 2) == 1);
}
