// A full data partition, on a real small filesystem (a tmpfs with size=): tickets wait with a clear message,
// /health says why, nothing accepted is lost or corrupted, and issuing resumes by itself when space returns.
#include <doctest/doctest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <signal.h>

#include <fstream>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

namespace {

// Writes zeros into `file` until the filesystem is full.
void fill(const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    const std::vector<char> chunk(64 * 1024, 0);
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && out.flush()) {
    }
}

// The first column of every row, joined with commas.
std::string query(const std::filesystem::path& db_file, const char* sql) {
    std::string out;
    for (const auto& row : itest::queryRows(db_file, sql)) out += (out.empty() ? "" : ",") + row.front();
    return out;
}

// Waits up to 5 s for yicid's log to hold `text`.
bool logSays(const itest::Bench& bench, const std::string& text) {
    for (int i = 0; i < 50; ++i) {
        if (itest::readAll(bench.dir / "yicid.log").find(text) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

}  // namespace

TEST_CASE(
    "a full data partition refuses tickets plainly, loses nothing, and issues again when space returns") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: mounting a tmpfs needs root");
        return;
    }
    itest::Bench bench;
    std::filesystem::create_directories(bench.data_dir);
    REQUIRE(::mount("yici-test", bench.data_dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                    "size=16m,mode=0700") == 0);
    struct Unmount {
        std::filesystem::path dir;
        ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
    } const unmount{bench.data_dir};
    bench.startDevsim();
    bench.startYicid();
    const auto first = bench.postTicket("commercial", "before");
    REQUIRE_MESSAGE(first.status == 201, first.body);

    const auto filler = bench.data_dir / "filler";
    fill(filler);
    // The device reporter looks every second; the changes it sees cannot be written now and wait in memory.
    CHECK(logSays(bench, "cannot queue the device health change"));
    auto storage = parseObject(bench.health().body).at("devices").at("storage").as_object();
    CHECK(storage.at("health") == "critical");
    CHECK(storage.at("code") == "storage_full");
    CHECK(itest::str(storage, "detail").find("MiB free of 16.0 MiB") != std::string::npos);
    CHECK(parseObject(bench.health().body).at("status") == "down");
    const auto refused = bench.postTicket("commercial", "full");
    CHECK(refused.status == 503);
    const auto error = parseObject(refused.body).at("error").as_object();
    CHECK(itest::str(error, "code") == "storage_full");
    CHECK(itest::str(error, "message_zh").find("存储已满") != std::string::npos);
    CHECK(bench.printedTickets().size() == 1);

    std::filesystem::remove(filler);
    CHECK(parseObject(bench.health().body).at("devices").at("storage").at("health") == "ok");
    CHECK(logSays(bench, "device health changes are queued again"));
    const auto again = bench.postTicket("commercial", "after");
    CHECK_MESSAGE(again.status == 201, again.body);
    bench.stopYicid(SIGTERM);
    const auto db = bench.data_dir / "yici.db";
    CHECK(query(db, "PRAGMA integrity_check") == "ok");
    CHECK(query(db, "SELECT status FROM tickets ORDER BY issued_at_unix") == "printed,printed");
    // The storage fault and its end reached the outbox too, for the hall.
    CHECK(query(db,
                "SELECT json_extract(data, '$.code') FROM outbox WHERE id LIKE 'device/storage/%' ORDER BY "
                "seq") == "storage_full,ok");
}
