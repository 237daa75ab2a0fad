// A damaged database file: found before yicid writes to it, and rebuilt by yicictl store recover so that no
// ticket number issued today is ever issued again.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace yici::store {

enum class CheckDepth {
    quick,  // PRAGMA quick_check: the pages and records, not the indexes' contents (every yicid start)
    full,   // PRAGMA integrity_check (yicictl store check)
};

// Reads `file` without writing to it (a read-only connection, so nothing is checkpointed into it) and fails
// with store_corrupt ("FILE: the first problem (N found)") when SQLite finds it damaged. A missing file is
// sound: yicid makes a new one.
Expected<void> checkDatabase(const std::filesystem::path& file, CheckDepth depth);

// After a recovery: today's counter of every letter moves past the highest number the database still holds
// for today, plus `margin` for the tickets whose rows were lost with a damaged page. The letters are those
// the database knows and `known` (the hall's, with and without the kiosk's offline prefix), so a file that
// lost all of them still skips. Returns the letters moved, as "A: 12 -> 62".
Expected<std::vector<std::string>> restoreNumbering(Database& db, std::string_view today, int margin,
                                                    const std::vector<std::string>& known);

}  // namespace yici::store
