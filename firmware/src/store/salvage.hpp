// What can still be read of a damaged database, copied row by row into a new one (yicictl store recover).
// Debian's sqlite3 shell is built without the sqlite_dbpage table that its .recover needs, so the rows are
// read through SQL: every table of the current schema, by rowid, stepping over the rows of damaged pages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace yici::store {

struct SalvagedTable {
    std::string name;
    std::int64_t copied = 0;
    std::int64_t refused = 0;  // rows read that the new file refused (a broken constraint)
    std::string problem;       // the first read error: rows on a damaged page are lost, and not counted
};

// Makes `fresh` (which must not exist) with the latest schema and copies into it every row of `damaged`
// that SQLite can still read; `damaged` is opened read-only and left as it is.
Expected<std::vector<SalvagedTable>> salvageDatabase(const std::filesystem::path& damaged,
                                                     const std::filesystem::path& fresh);

}  // namespace yici::store
