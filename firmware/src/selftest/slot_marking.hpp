// After an update the new slot boots on probation. Once the devices had time to come up, yicid tells RAUC
// whether the firmware works: mark-good, or mark-bad (the bootloader then boots the other slot again). It
// decides from what the firmware itself controls (it started, so its config, store and listeners opened; the
// drivers its board names are there), never from a device's fault (paper out, an unplugged reader, the hall
// offline), which it reports instead. A routine start of a slot that is already good and confirmed marks
// nothing and prints nothing.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yici::selftest {

// What RAUC says of the slot this system booted.
struct BootedSlot {
    std::string name;   // "rootfs.1"
    bool good = false;  // its boot_status: "good", or "bad" (on probation after an update)
};

// The booted slot in the output of `rauc status --output-format=json` (its JSON object may follow other
// lines); nullopt when the output holds none.
std::optional<BootedSlot> bootedSlot(std::string_view rauc_status);

enum class SlotVerdict {
    leave,      // a routine start: the slot is good and this firmware was confirmed on it before
    mark_good,  // the firmware works
    mark_bad,   // the firmware does not, and the slot is on probation
    keep_good,  // the firmware does not, but the slot is already good: never marked bad
};

// `confirmed`: this firmware version was confirmed on this slot before (SlotChecks::confirmed_file).
SlotVerdict decideSlot(const BootedSlot& slot, bool confirmed, bool firmware_works);

struct SlotChecks {
    std::filesystem::path confirmed_file;  // "SLOT VERSION" of the last mark-good, in the data dir
    std::string version;                   // this firmware's
    // What the firmware controls that is broken (empty: it works), and the devices' faults (reported only).
    std::function<std::vector<std::string>()> firmware_faults;
    std::function<std::vector<std::string>()> device_faults;
};

// Waits `delay`, asks RAUC for the booted slot, decides, and runs `rauc status mark-good|mark-bad` when it
// must; rauc runs on a thread of its own, never the Asio or render thread.
boost::asio::awaitable<void> markSlot(SlotChecks checks, std::chrono::seconds delay);

}  // namespace yici::selftest
