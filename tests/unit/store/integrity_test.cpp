// A damaged database file: found without writing to it, salvaged row by row into a new one, and numbered
// so that no ticket number of today is issued twice.
#include <doctest/doctest.h>

#include <fstream>

#include "store/errors.hpp"
#include "store/integrity.hpp"
#include "store/salvage.hpp"
#include "store/schema.hpp"
#include "testing.hpp"

using namespace yici;
namespace fs = std::filesystem;

namespace {

std::string bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// 512 bytes of garbage at the start of page `page` (4096 bytes each): a sector the disk lost.
void damagePage(const fs::path& file, std::int64_t page) {
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp((page - 1) * 4096);
    const std::string garbage(512, '\xA5');
    out.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

void exec(store::Database& db, const std::string& sql) {
    auto done = db.exec(sql);
    REQUIRE_MESSAGE(done.has_value(), done.error().message);
}

void addTicket(store::Database& db, const std::string& day, const std::string& number) {
    exec(db,
         "INSERT INTO tickets (id, day, number, category, service_id, windows, issued_at, issued_at_unix, "
         "waiting_ahead, est_wait_min, status) VALUES ('" +
             day + "-" + number + "', '" + day + "', '" + number +
             "', 'commercial', 'biz', '1', 'T', 1, 0, 0, 'printed')");
}

std::int64_t pageCount(const fs::path& file) {
    return static_cast<std::int64_t>(fs::file_size(file) / 4096);
}

}  // namespace

TEST_CASE(
    "a sound or missing database passes the check; a damaged one is store_corrupt and stays as it was") {
    testing::TempDir dir;
    const fs::path file = dir.path() / "yici.db";
    CHECK(store::checkDatabase(file, store::CheckDepth::quick).has_value());  // yicid makes a new one
    {
        auto db = store::openDatabase(file);
        REQUIRE(db.has_value());
        for (int i = 0; i < 400; ++i)
            exec(*db,
                 "INSERT INTO audit (at, actor, action, subject, detail) VALUES ('T', 'kiosk', 'test', '" +
                     std::to_string(i) + "', '" + std::string(200, 'x') + "')");
        exec(*db, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    for (const auto depth : {store::CheckDepth::quick, store::CheckDepth::full})
        CHECK(store::checkDatabase(file, depth).has_value());

    damagePage(file, pageCount(file) - 3);  // a leaf of the audit table, written last
    const std::string damaged = bytes(file);
    for (const auto depth : {store::CheckDepth::quick, store::CheckDepth::full}) {
        auto checked = store::checkDatabase(file, depth);
        REQUIRE_FALSE(checked.has_value());
        CHECK(checked.error().code == store::Errc::store_corrupt);
        CHECK(checked.error().message.starts_with(file.string() + ": "));
    }
    CHECK(bytes(file) == damaged);
    const fs::path wal = dir.path() / "yici.db-wal";  // a read-only connection may leave an empty one
    CHECK((!fs::exists(wal) || fs::file_size(wal) == 0));

    std::ofstream(dir.path() / "garbage.db") << std::string(8192, 'g');
    auto garbage = store::checkDatabase(dir.path() / "garbage.db", store::CheckDepth::quick);
    REQUIRE_FALSE(garbage.has_value());
    CHECK(garbage.error().code == store::Errc::store_corrupt);
}

TEST_CASE(
    "salvage copies every row it can read around a damaged page and leaves the damaged file as it was") {
    testing::TempDir dir;
    const fs::path file = dir.path() / "yici.db";
    {
        auto db = store::openDatabase(file);
        REQUIRE(db.has_value());
        for (int i = 1; i <= 400; ++i)
            exec(*db,
                 "INSERT INTO audit (at, actor, action, subject, detail) VALUES ('T', 'kiosk', 'test', '" +
                     std::to_string(i) + "', '" + std::string(200, 'x') + "')");
        addTicket(*db, "2026-12-07", "A001");
    }
    damagePage(file, pageCount(file) - 3);
    const std::string damaged = bytes(file);

    auto salvaged = store::salvageDatabase(file, dir.path() / "fresh.db");
    REQUIRE_MESSAGE(salvaged.has_value(), salvaged.error().message);
    CHECK(bytes(file) == damaged);
    for (const auto& table : *salvaged) {
        if (table.name == "audit") {
            CHECK(table.copied > 300);  // only the rows of the one damaged leaf are lost
            CHECK(table.copied < 400);
            CHECK_FALSE(table.problem.empty());
        } else if (table.name == "tickets") {
            CHECK(table.copied == 1);
            CHECK(table.problem.empty());
        }
    }
    CHECK(store::checkDatabase(dir.path() / "fresh.db", store::CheckDepth::full).has_value());
    CHECK_FALSE(store::salvageDatabase(file, dir.path() / "fresh.db").has_value());  // never overwrites
}

TEST_CASE(
    "after a recovery, today's counter of every known letter moves past its highest number plus a margin") {
    testing::TempDir dir;
    auto db = store::openDatabase(dir.path() / "yici.db");
    REQUIRE(db.has_value());
    addTicket(*db, "2026-12-07", "A001");
    addTicket(*db, "2026-12-07", "A003");  // its counter row was lost: the ticket still counts
    addTicket(*db, "2026-12-07", "K1B007");
    addTicket(*db, "2026-12-06", "C040");  // a letter of another day: today's rows may all be lost
    exec(*db,
         "INSERT INTO ticket_counters (day, letter, last) VALUES ('2026-12-07', 'A', 2), "
         "('2026-12-07', 'D', 980)");
    auto moved =
        store::restoreNumbering(*db, "2026-12-07", 50, {"E", "K1E"});  // the hall's, lost from the file
    REQUIRE_MESSAGE(moved.has_value(), moved.error().message);
    CHECK(*moved == std::vector<std::string>{"A: 3 -> 53", "C: 0 -> 50", "D: 980 -> 999", "E: 0 -> 50",
                                             "K1B: 7 -> 57", "K1E: 0 -> 50"});
}
