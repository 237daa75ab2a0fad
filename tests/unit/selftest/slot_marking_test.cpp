// Slot marking: what RAUC says of the booted slot, and what is decided from it.
#include <doctest/doctest.h>

#include "selftest/slot_marking.hpp"

using namespace yici;
using selftest::SlotVerdict;

namespace {

// `rauc status --output-format=json` of RAUC 1.8 on the test rig's board (tests/rauc), slot B booted on
// probation after an update.
constexpr const char* on_probation =
    R"({"compatible":"yici-rk3568-kiosk","variant":"","booted":"B","boot_primary":"rootfs.1","slots":[)"
    R"({"rootfs.1":{"class":"rootfs","device":"/tmp/slot-b.img","type":"ext4","bootname":"B","state":"booted",)"
    R"("parent":null,"mountpoint":null,"boot_status":"bad"}},)"
    R"({"rootfs.0":{"class":"rootfs","device":"/tmp/slot-a.img","type":"ext4","bootname":"A","state":"inactive",)"
    R"("parent":null,"mountpoint":null,"boot_status":"good"}}]})";

}  // namespace

TEST_CASE("the booted slot and whether it is good come from rauc status, even after other lines") {
    const auto slot = selftest::bootedSlot(on_probation);
    REQUIRE(slot.has_value());
    CHECK(slot->name == "rootfs.1");
    CHECK_FALSE(slot->good);
    std::string good = std::string("rauc-Message: 09:00:00.000: some warning\n") + on_probation;
    good.replace(good.find(R"("boot_status":"bad")"), 19, R"("boot_status":"good")");
    const auto marked = selftest::bootedSlot(good);
    REQUIRE(marked.has_value());
    CHECK(marked->good);
    CHECK_FALSE(selftest::bootedSlot("").has_value());
    CHECK_FALSE(selftest::bootedSlot("error: no booted slot").has_value());
    CHECK_FALSE(selftest::bootedSlot(R"({"booted":"B","slots":[]})").has_value());
}

TEST_CASE(
    "a routine start marks nothing; a device fault never marks a slot bad; a good slot is never marked bad") {
    const selftest::BootedSlot probation{"rootfs.1", false};
    const selftest::BootedSlot good{"rootfs.1", true};
    // A restart (watchdog, power cut, paper out) of a slot already confirmed with this firmware: nothing.
    CHECK(selftest::decideSlot(good, true, true) == SlotVerdict::leave);
    CHECK(selftest::decideSlot(good, true, false) == SlotVerdict::leave);
    // The first start after an update: the firmware's own checks decide.
    CHECK(selftest::decideSlot(probation, false, true) == SlotVerdict::mark_good);
    CHECK(selftest::decideSlot(probation, false, false) == SlotVerdict::mark_bad);
    // A bootloader that reports a new slot good from the start (boot counters): confirmed once, never marked
    // bad.
    CHECK(selftest::decideSlot(good, false, true) == SlotVerdict::mark_good);
    CHECK(selftest::decideSlot(good, false, false) == SlotVerdict::keep_good);
}
