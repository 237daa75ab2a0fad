// Encryption at rest: the key file, sealing and the repeat-visit pseudonym.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "privacy/errors.hpp"
#include "privacy/vault.hpp"
#include "testing.hpp"

using namespace yici;

TEST_CASE("the first start creates a 32-byte key file only the kiosk user can read") {
    testing::TempDir dir;
    auto vault = privacy::Vault::open(dir.path() / "pii.key");
    REQUIRE(vault.has_value());
    struct stat st {};
    REQUIRE(::stat((dir.path() / "pii.key").c_str(), &st) == 0);
    CHECK(st.st_size == 32);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("sealed fields open with the same key after a restart, and not with another key") {
    testing::TempDir dir;
    std::vector<std::uint8_t> sealed;
    {
        auto vault = privacy::Vault::open(dir.path() / "pii.key");
        sealed = vault->seal(R"({"name":"张三","id_number":"330324198506121230"})");
    }
    const std::string text(sealed.begin(), sealed.end());
    CHECK(text.find("330324198506121230") == std::string::npos);
    CHECK(text.find("张三") == std::string::npos);
    auto reopened = privacy::Vault::open(dir.path() / "pii.key");
    auto plain = reopened->unseal(sealed);
    REQUIRE(plain.has_value());
    CHECK(*plain == R"({"name":"张三","id_number":"330324198506121230"})");
    auto other = privacy::Vault::open(dir.path() / "other.key");
    CHECK_FALSE(other->unseal(sealed).has_value());
}

TEST_CASE("an altered or truncated record is refused, never half-read") {
    testing::TempDir dir;
    auto vault = privacy::Vault::open(dir.path() / "pii.key");
    auto sealed = vault->seal("mobile 13800138000");
    sealed[sealed.size() - 1] ^= 1;
    CHECK(vault->unseal(sealed).error().code == privacy::Errc::privacy_record_unreadable);
    CHECK_FALSE(vault->unseal(std::span(sealed).first(10)).has_value());
    CHECK(vault->seal("x") != vault->seal("x"));  // a fresh nonce every time
}

TEST_CASE("the citizen pseudonym is stable per ID number and key, and reveals neither") {
    testing::TempDir dir;
    auto a = privacy::Vault::open(dir.path() / "a.key");
    auto b = privacy::Vault::open(dir.path() / "b.key");
    const auto key = a->citizenKey("330324198506121230");
    CHECK(key.size() == 32);
    CHECK(key == a->citizenKey("330324198506121230"));
    CHECK(key != a->citizenKey("330324196203080022"));
    CHECK(key != b->citizenKey("330324198506121230"));
}

TEST_CASE("a staff card's key is stable per ID number and device key, and never its citizen pseudonym") {
    testing::TempDir dir;
    auto a = privacy::Vault::open(dir.path() / "a.key");
    auto b = privacy::Vault::open(dir.path() / "b.key");
    const auto key = a->staffCardKey("330324198203140311");
    CHECK(key.size() == 32);
    CHECK(key == a->staffCardKey("330324198203140311"));
    CHECK(key != a->staffCardKey("330324198506121230"));
    CHECK(key != b->staffCardKey("330324198203140311"));
    CHECK(key != a->citizenKey("330324198203140311"));
}

TEST_CASE("a key file of the wrong size or in a missing folder is a clear error") {
    testing::TempDir dir;
    std::ofstream(dir.path() / "short.key") << "too short";
    auto bad = privacy::Vault::open(dir.path() / "short.key");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == privacy::Errc::privacy_key_unavailable);
    CHECK(bad.error().message.find("32 bytes") != std::string::npos);
    CHECK_FALSE(privacy::Vault::open(dir.path() / "nope" / "pii.key").has_value());
}
