// SQLite connection, statements and versioned migrations.
#include "store/database.hpp"

#include <fmt/format.h>

#include "store/errors.hpp"

namespace yici::store {

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_.get(), index, value);
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> bytes) {
    sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_.get(), index);
    return *this;
}

Expected<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return std::unexpected(Database::errorFrom(db_, rc, "query"));
}

Expected<void> Statement::run() {
    auto stepped = step();
    if (!stepped) return std::unexpected(stepped.error());
    return {};
}

std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    return p == nullptr ? std::string{} : std::string(reinterpret_cast<const char*>(p));
}

std::optional<std::string> Statement::optionalText(int column) const {
    if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
    return text(column);
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

std::vector<std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), column));
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    return p == nullptr ? std::vector<std::uint8_t>{} : std::vector<std::uint8_t>(p, p + n);
}

Error Database::errorFrom(sqlite3* db, int rc, std::string_view what) {
    const int primary = rc & 0xFF;
    const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (primary == SQLITE_FULL || primary == SQLITE_IOERR) {
        return Error{primary == SQLITE_FULL ? Errc::storage_full : Errc::storage_io_error,
                     fmt::format("{}: {}", what, detail)};
    }
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        return Error{Errc::store_corrupt, fmt::format("{}: {}", what, detail)};
    return Error{Errc::storage_error, fmt::format("{}: {}", what, detail)};
}

Expected<Database> Database::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK) return std::unexpected(errorFrom(raw, rc, "open " + file.string()));
    sqlite3_busy_timeout(raw, 5000);
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                               "PRAGMA secure_delete=ON"}) {
        if (auto ok = db.exec(pragma); !ok) return std::unexpected(ok.error());
    }
    return db;
}

Expected<Database> Database::openReadOnly(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(raw);
    if (rc != SQLITE_OK) return std::unexpected(errorFrom(raw, rc, "open " + file.string()));
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Expected<void> Database::exec(std::string_view sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
    if (message != nullptr) sqlite3_free(message);
    if (rc != SQLITE_OK) return std::unexpected(errorFrom(db_.get(), rc, "exec"));
    return {};
}

Expected<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(errorFrom(db_.get(), rc, "prepare"));
    return Statement(db_.get(), stmt);
}

Expected<std::int64_t> Database::userVersion() {
    auto stmt = prepare("PRAGMA user_version");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    return stmt->integer(0);
}

Expected<void> migrate(Database& db, std::span<const std::string_view> migrations) {
    auto version = db.userVersion();
    if (!version) return std::unexpected(version.error());
    const auto latest = static_cast<std::int64_t>(migrations.size());
    if (*version > latest) {
        return fail(Errc::storage_too_new,
                    fmt::format("database schema version {} is newer than this firmware knows ({}); "
                                "install the newer firmware or restore a backup",
                                *version, latest));
    }
    for (auto v = *version; v < latest; ++v) {
        auto applied = inTransaction(db, [&]() -> Expected<void> {
            if (auto ok = db.exec(migrations[static_cast<std::size_t>(v)]); !ok) return ok;
            return db.exec(fmt::format("PRAGMA user_version = {}", v + 1));  // an integer we own, not input
        });
        if (!applied) return std::unexpected(applied.error().withContext(fmt::format("migration {}", v + 1)));
    }
    return {};
}

}  // namespace yici::store
