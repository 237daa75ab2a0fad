// The status listener's token files: what yicid and yicictl accept.
#include <doctest/doctest.h>

#include <fstream>

#include "config/status_token.hpp"
#include "testing.hpp"

using namespace yici;

TEST_CASE("a token file must hold one line of at least 16 printable characters") {
    testing::TempDir dir;
    std::ofstream(dir.path() / "good") << "0123456789abcdef-token\n";
    CHECK(*config::readStatusToken(dir.path() / "good") == "0123456789abcdef-token");
    std::ofstream(dir.path() / "short") << "short\n";
    CHECK_FALSE(config::readStatusToken(dir.path() / "short").has_value());
    std::ofstream(dir.path() / "spaces") << "0123456789 abcdef token\n";
    CHECK_FALSE(config::readStatusToken(dir.path() / "spaces").has_value());
    CHECK_FALSE(config::readStatusToken(dir.path() / "missing").has_value());
}
