// Row-by-row salvage across two connections: the damaged file read-only, the new one with the latest schema.
#include "store/salvage.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "store/errors.hpp"
#include "store/schema.hpp"

namespace yici::store {
namespace {

using Query = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

// After this many unreadable rowids in a row past the last good one, the table is taken as read to its end.
constexpr std::int64_t gap_limit = 100000;

Query prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    return Query(stmt, &sqlite3_finalize);
}

std::vector<std::string> columnsOf(sqlite3* db, const std::string& table) {
    std::vector<std::string> names;
    auto info = prepare(db, fmt::format("PRAGMA table_info(\"{}\")", table));
    while (info && sqlite3_step(info.get()) == SQLITE_ROW)
        names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(info.get(), 1)));
    return names;
}

std::string joined(const std::vector<std::string>& names, std::string_view format) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += ", ";
        out += fmt::format(fmt::runtime(format), names[i], i + 2);
    }
    return out;
}

SalvagedTable copyTable(sqlite3* from, sqlite3* to, const std::string& table) {
    SalvagedTable result;
    result.name = table;
    // The columns both schemas have: an older file lacks what later steps added (their defaults apply).
    const auto wanted = columnsOf(to, table);
    const auto present = columnsOf(from, table);
    std::vector<std::string> shared;
    for (const auto& c : wanted)
        if (std::find(present.begin(), present.end(), c) != present.end()) shared.push_back(c);
    if (shared.empty()) {
        result.problem = "not readable in the damaged file";
        return result;
    }
    auto read =
        prepare(from, fmt::format("SELECT rowid, {} FROM \"{}\" WHERE rowid > ?1 ORDER BY rowid LIMIT 1",
                                  joined(shared, "\"{}\""), table));
    auto write = prepare(to, fmt::format("INSERT OR IGNORE INTO \"{}\" (rowid, {}) VALUES (?1, {})", table,
                                         joined(shared, "\"{}\""), joined(shared, "?{1}")));
    if (!read || !write) {
        result.problem = sqlite3_errmsg(read ? to : from);
        return result;
    }
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    std::int64_t gap = 0;
    for (;;) {
        sqlite3_reset(read.get());
        sqlite3_bind_int64(read.get(), 1, after);
        const int rc = sqlite3_step(read.get());
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) {  // a damaged page: step over one rowid at a time
            if (result.problem.empty()) result.problem = sqlite3_errmsg(from);
            if (after == std::numeric_limits<std::int64_t>::min()) after = 0;
            ++after;
            if (++gap > gap_limit) break;
            continue;
        }
        gap = 0;
        after = sqlite3_column_int64(read.get(), 0);
        sqlite3_reset(write.get());
        sqlite3_clear_bindings(write.get());
        for (int i = 0; i <= static_cast<int>(shared.size()); ++i)
            sqlite3_bind_value(write.get(), i + 1, sqlite3_column_value(read.get(), i));
        if (sqlite3_step(write.get()) == SQLITE_DONE && sqlite3_changes(to) == 1) {
            ++result.copied;
        } else {
            ++result.refused;
        }
    }
    return result;
}

}  // namespace

Expected<std::vector<SalvagedTable>> salvageDatabase(const std::filesystem::path& damaged,
                                                     const std::filesystem::path& fresh) {
    std::error_code ec;
    if (std::filesystem::exists(fresh, ec))
        return fail(Errc::storage_error, fmt::format("{} exists already", fresh.string()));
    auto made = openDatabase(fresh);  // the latest schema
    if (!made) return std::unexpected(made.error().withContext(fresh.string()));
    auto from = Database::openReadOnly(damaged);
    if (!from) return std::unexpected(from.error());
    sqlite3* to = made->handle();
    if (auto off = made->exec("PRAGMA foreign_keys=OFF"); !off) return std::unexpected(off.error());
    std::vector<std::string> tables;
    auto list =
        prepare(to, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (list && sqlite3_step(list.get()) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
    std::vector<SalvagedTable> report;
    auto copied = inTransaction(*made, [&]() -> Expected<void> {
        for (const auto& table : tables) report.push_back(copyTable(from->handle(), to, table));
        return {};
    });
    if (!copied) return std::unexpected(copied.error());
    return report;
}

}  // namespace yici::store
