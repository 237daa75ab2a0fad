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
    // A damaged file is store_corrupt, named; any other failure (permissions, I/O) says which file.
    const auto failed = [&](Error error) {
        if (error.code == Errc::store_corrupt) return corrupt(file, error.message);
        return error.withContext(file.string());
    };
    auto db = Database::openReadOnly(file);
    if (!db) return std::unexpected(failed(db.error()));
    const char* sql = depth == CheckDepth::quick ? "PRAGMA quick_check" : "PRAGMA integrity_check";
    auto check = db->prepare(sql);
    if (!check) return std::unexpected(failed(check.error()));
    std::vector<std::string> problems;
    for (;;) {
        auto row = check->step();
        if (!row) return std::unexpected(failed(row.error()));
        if (!*row) break;
        if (const std::string text = check->text(0); text != "ok") problems.push_back(text);
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
