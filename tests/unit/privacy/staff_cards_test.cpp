// The staff cards file: keyed hashes and staff ids only, written whole, read strictly.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>

#include "privacy/errors.hpp"
#include "privacy/staff_cards.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

const std::string card_a(32, 'a');
const std::string card_b = "0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE(
    "staff cards are added once each to a file only root and the kiosk's group can read, and read back") {
    testing::TempDir dir;
    const auto file = dir.path() / "staff-cards";
    auto none = privacy::readStaffCards(file);  // nobody registered yet
    REQUIRE(none.has_value());
    CHECK(none->empty());
    CHECK(privacy::addStaffCard(file, card_a, "S001") == true);
    CHECK(privacy::addStaffCard(file, card_b, "S002") == true);
    CHECK(privacy::addStaffCard(file, card_a, "S017") == false);  // registered again: its new staff id
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);  // yicid's group reads what root wrote
    auto cards = privacy::readStaffCards(file);
    REQUIRE(cards.has_value());
    CHECK(*cards == privacy::StaffCards{{card_a, "S017"}, {card_b, "S002"}});
    CHECK_FALSE(std::filesystem::exists(file.string() + ".new"));
    CHECK(privacy::removeStaffCard(file, card_a) == true);  // a lost card
    CHECK(privacy::removeStaffCard(file, card_a) == false);
    CHECK(*privacy::readStaffCards(file) == privacy::StaffCards{{card_b, "S002"}});
}

TEST_CASE("a staff cards file with anything but card hashes and staff ids is refused, naming the line") {
    testing::TempDir dir;
    const auto file = dir.path() / "staff-cards";
    std::ofstream(file) << card_a << " S001\n330324198203140311 S002\n";  // a number by hand: never accepted
    auto read = privacy::readStaffCards(file);
    REQUIRE_FALSE(read.has_value());
    CHECK(read.error().code == privacy::Errc::staff_cards_unreadable);
    CHECK(read.error().message ==
          file.string() + ":2: not a staff card's hash and staff id (yicictl staff-card add writes them)");
    CHECK_FALSE(
        privacy::addStaffCard(file, card_b, "S002").has_value());  // nothing added to a file it cannot read
    const auto other = dir.path() / "other";
    CHECK_FALSE(privacy::addStaffCard(other, "330324198203140311", "S001").has_value());
    CHECK_FALSE(privacy::addStaffCard(other, card_a, "S 001").has_value());
    std::ofstream(other) << card_a << "\n";  // a card without its staff id
    CHECK_FALSE(privacy::readStaffCards(other).has_value());
}
