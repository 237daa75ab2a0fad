// The kiosk's real SQLite database with injected faults (after Mender's NonWritableDb): an authorizer
// (sqlite3_set_authorizer) refuses writes (or reads) of a table, or of every table, while the test says so.
#pragma once

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "store/database.hpp"
#include "store/schema.hpp"

namespace yici::testing {

class NonWritableDb {
  public:
    // Opens (creating and migrating) the database file; writes are allowed until denyWrites().
    explicit NonWritableDb(const std::filesystem::path& file) {
        auto opened = store::openDatabase(file);
        REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
        db_.emplace(std::move(*opened));
        sqlite3_set_authorizer(db_->handle(), &NonWritableDb::authorize, this);
    }
    ~NonWritableDb() {
        if (db_) sqlite3_set_authorizer(db_->handle(), nullptr, nullptr);
    }
    NonWritableDb(const NonWritableDb&) = delete;
    NonWritableDb& operator=(const NonWritableDb&) = delete;

    store::Database& db() { return *db_; }

    // INSERT, UPDATE and DELETE on `table` (every table when empty) fail from now on, as SQLITE_AUTH when
    // the statement is prepared: the store sees a failed write like any other.
    void denyWrites(std::string table = {}) {
        deny_writes_ = true;
        table_ = std::move(table);
    }
    // SELECTs that read `table` (every table when empty) fail too.
    void denyReads(std::string table = {}) {
        deny_reads_ = true;
        table_ = std::move(table);
    }
    void allowWrites() { deny_writes_ = false; }
    void allowReads() { deny_reads_ = false; }
    int denied() const { return denied_; }  // statements refused so far

  private:
    static int authorize(void* self, int action, const char* table, const char*, const char*, const char*) {
        auto* me = static_cast<NonWritableDb*>(self);
        const bool write = action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE;
        const bool read = action == SQLITE_READ;
        if (!(me->deny_writes_ && write) && !(me->deny_reads_ && read)) return SQLITE_OK;
        if (!me->table_.empty() && (table == nullptr || std::string_view(table) != me->table_))
            return SQLITE_OK;
        ++me->denied_;
        return SQLITE_DENY;
    }

    std::optional<store::Database> db_;
    bool deny_writes_ = false;
    bool deny_reads_ = false;
    std::string table_;
    int denied_ = 0;
};

}  // namespace yici::testing
