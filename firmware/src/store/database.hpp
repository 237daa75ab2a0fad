// A thin RAII layer over SQLite: one connection, prepared statements with bound parameters only.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace yici::store {

class Statement {
  public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &sqlite3_finalize) {}

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bindBlob(int index, std::span<const std::uint8_t> bytes);
    Statement& bindNull(int index);

    // Advances; true while a row is available. Errors come back as values.
    Expected<bool> step();
    Expected<void> run();  // step to completion, no rows expected

    std::string text(int column) const;
    std::optional<std::string> optionalText(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    std::vector<std::uint8_t> blob(int column) const;

  private:
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt_;
};

class Database {
  public:
    // Opens (creating) the file in WAL mode with synchronous=FULL: what a citizen holds a paper for
    // must survive a power cut.
    static Expected<Database> open(const std::filesystem::path& file);
    // Opens an existing file to read only: nothing is written to it, nor checkpointed into it on close.
    static Expected<Database> openReadOnly(const std::filesystem::path& file);

    Expected<void> exec(std::string_view sql);
    Expected<Statement> prepare(std::string_view sql);
    Expected<std::int64_t> userVersion();
    sqlite3* handle() const { return db_.get(); }

    // Maps the last SQLite failure to an error: a full disk is "storage_full", a failed disk
    // "storage_io_error", a damaged file "store_corrupt", everything else "storage_error".
    static Error errorFrom(sqlite3* db, int rc, std::string_view what);

  private:
    explicit Database(sqlite3* db) : db_(db, &sqlite3_close_v2) {}
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_;
};

// Runs fn inside BEGIN IMMEDIATE … COMMIT; rolls back when fn fails.
template <class Fn>
auto inTransaction(Database& db, Fn fn) -> decltype(fn()) {
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
    auto result = fn();
    if (!result) {
        (void)db.exec("ROLLBACK");
        return result;
    }
    if (auto committed = db.exec("COMMIT"); !committed) {
        (void)db.exec("ROLLBACK");
        return std::unexpected(committed.error());
    }
    return result;
}

// Applies each migration whose index is at or above the database's user_version, each in its own
// transaction, and refuses a database written by a newer firmware.
Expected<void> migrate(Database& db, std::span<const std::string_view> migrations);

}  // namespace yici::store
