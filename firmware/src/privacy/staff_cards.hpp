// The staff cards that may open the technician screen: a line per card, its keyed hash
// (privacy::Vault::staffCardKey, never the ID number) and the staff id the hall knows the person by (audited
// when they confirm a priority at the kiosk). `yicictl staff-card add` and `remove` write the file; yicid
// reads it when it starts.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace yici::privacy {

using StaffCards = std::map<std::string, std::string, std::less<>>;  // card's keyed hash → staff id

// A staff id as the hall writes it ("S017"): 1-32 letters, digits, '-' or '_'.
bool isStaffId(std::string_view id);

// The cards in `file`; none while the file does not exist. Fails on an unreadable file, or on a line that is
// not "HASH STAFF-ID" (32 lowercase hex digits, a space, a staff id), naming the line.
Expected<StaffCards> readStaffCards(const std::filesystem::path& file);
// Adds `card` for `staff` to `file` (or gives a registered card that staff id): a new file (mode 0640, the
// folder's group: root writes it, yicid's group reads it) replaces the old one by rename, both fsynced. True
// when the card is new.
Expected<bool> addStaffCard(const std::filesystem::path& file, const std::string& card,
                            const std::string& staff);
// Takes `card` out of `file` the same way (a lost card). False when it was not there.
Expected<bool> removeStaffCard(const std::filesystem::path& file, const std::string& card);

}  // namespace yici::privacy
