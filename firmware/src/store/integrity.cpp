// Checking a database file without touching it, and the numbering of a recovered one.
#include "store/integrity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "store/errors.hpp"
#include "store/ticket_store.hpp"

namespace yici::store {
namespace {

Error corrupt(const std::filesystem::path& file, std::string_view problem) {
    return Error{Errc::store_corrupt, fmt::format("{}: {}", file.string(), problem)};
}

// "K1A042" → {"K1A", 42}; a number that does not end in three digits has no letter.
std::optional<std::pair<std::string, std::int64_t>> splitNumber(const std::string& number) {
    if (number.size() < 4) return std::nullopt;
    const std::string digits = number.substr(number.size() - 3);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
        return std::nullopt;
    return std::pair{number.substr(0, number.size() - 3), std::stoll(digits)};
}

}  // namespace

Expected<void> checkDatabase(const std::filesystem::path& file, CheckDepth depth) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, &sqlite3_close_v2);
    if (rc != SQLITE_OK) {
        Error error = Database::errorFrom(raw, rc, "open");
        if (error.code == Errc::store_corrupt) return std::unexpected(corrupt(file, error.message));
        return std::unexpected(error.withContext(file.string()));
    }
    sqlite3_busy_timeout(raw, 5000);
    const char* sql = depth == CheckDepth::quick ? "PRAGMA quick_check" : "PRAGMA integrity_check";
    sqlite3_stmt* raw_stmt = nullptr;
    int step = sqlite3_prepare_v2(raw, sql, -1, &raw_stmt, nullptr);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw_stmt, &sqlite3_finalize);
    std::vector<std::string> problems;
    while (step == SQLITE_OK || step == SQLITE_ROW) {
        step = sqlite3_step(raw_stmt);
        if (step != SQLITE_ROW) break;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw_stmt, 0));
        if (text != nullptr && std::string_view(text) != "ok") problems.emplace_back(text);
    }
    if (step != SQLITE_DONE) {
        Error error = Database::errorFrom(raw, step, sql);
        if (error.code == Errc::store_corrupt) return std::unexpected(corrupt(file, error.message));
        return std::unexpected(error.withContext(file.string()));
    }
    if (!problems.empty()) {
        return std::unexpected(
            corrupt(file, fmt::format("{} ({} found by {})", problems.front(), problems.size(), sql)));
    }
    return {};
}

Expected<std::vector<std::string>> restoreNumbering(Database& db, std::string_view today, int margin,
                                                    const std::vector<std::string>& known) {
    std::set<std::string> letters(known.begin(), known.end());
    std::map<std::string, std::int64_t> highest;  // today's, per letter
    auto tickets = db.prepare("SELECT day, number FROM tickets");
    if (!tickets) return std::unexpected(tickets.error());
    for (;;) {
        auto row = tickets->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const auto split = splitNumber(tickets->text(1));
        if (!split) continue;
        letters.insert(split->first);
        if (tickets->text(0) == today) highest[split->first] = std::max(highest[split->first], split->second);
    }
    auto counters = db.prepare("SELECT day, letter, last FROM ticket_counters");
    if (!counters) return std::unexpected(counters.error());
    for (;;) {
        auto row = counters->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const std::string letter = counters->text(1);
        letters.insert(letter);
        if (counters->text(0) == today) highest[letter] = std::max(highest[letter], counters->integer(2));
    }
    std::vector<std::string> moved;
    for (const std::string& letter : letters) {
        const std::int64_t from = highest[letter];
        const std::int64_t to = std::min<std::int64_t>(from + margin, TicketStore::max_number);
        auto bump = db.prepare(
            "INSERT INTO ticket_counters (day, letter, last) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (day, letter) DO UPDATE SET last = excluded.last");
        if (!bump) return std::unexpected(bump.error());
        bump->bind(1, today).bind(2, letter).bind(3, to);
        if (auto ok = bump->run(); !ok) return std::unexpected(ok.error());
        moved.push_back(fmt::format("{}: {} -> {}", letter, from, to));
    }
    return moved;
}

}  // namespace yici::store
