// A damaged database: yicid stays up and out of service instead of restarting in a loop, keeps the file as
// it is, and yicictl store check|recover brings the kiosk back without ever issuing a number twice.
#include <doctest/doctest.h>

#include <signal.h>

#include <fstream>
#include <set>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;
namespace fs = std::filesystem;

namespace {

std::int64_t rootPage(const fs::path& db_file, const std::string& table) {
    return std::stoll(
        itest::queryValue(db_file, "SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'"));
}

// Overwrites the first bytes of a page (4096 bytes each) with garbage: a sector the disk lost.
void damagePage(const fs::path& db_file, std::int64_t page) {
    std::fstream file(db_file, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp((page - 1) * 4096);
    const std::string garbage(512, '\xA5');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

struct CtlRun {
    int code = -1;
    std::string out;  // stdout and stderr
};

CtlRun yicictl(const itest::Bench& bench, const std::vector<std::string>& args) {
    static int runs = 0;
    const fs::path log = bench.dir / ("store-" + std::to_string(++runs) + ".log");
    std::vector<std::string> argv{itest::paths().yicictl};
    argv.insert(argv.end(), args.begin(), args.end());
    itest::Process ctl(argv, log);
    CtlRun run;
    run.code = ctl.wait(std::chrono::seconds(30));
    run.out = itest::readAll(log);
    return run;
}

int numberPart(const std::string& number) {
    return std::stoi(number.substr(number.size() - 3));
}

}  // namespace

TEST_CASE(
    "a damaged database: yicid stays up out of service, the file is kept, and recovery never repeats "
    "a number") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    std::set<std::string> issued;
    for (int i = 0; i < 3; ++i) {
        const auto reply = bench.postTicket("commercial", "before-" + std::to_string(i));
        REQUIRE_MESSAGE(reply.status == 201, reply.body);
        issued.insert(itest::str(parseObject(reply.body), "number"));
    }
    bench.stopYicid(SIGTERM);
    const fs::path db_file = bench.data_dir / "yici.db";
    REQUIRE_FALSE(fs::exists(bench.data_dir / "yici.db-wal"));  // a clean stop checkpointed everything
    damagePage(db_file, rootPage(db_file, "tickets"));          // every ticket row is on that page
    const std::string damaged = itest::readAll(db_file);

    // yicid stays up: /health says why, the screen sends citizens to the desk, nothing is issued.
    bench.startYicid();
    const auto health = parseObject(bench.health().body);
    CHECK(itest::str(health, "status") == "down");
    const auto storage = health.at("devices").at("storage").as_object();
    CHECK(itest::str(storage, "health") == "critical");
    CHECK(itest::str(storage, "code") == "store_corrupt");
    CHECK(itest::str(storage, "detail").find(db_file.string()) != std::string::npos);
    const auto catalog = itest::httpRequest(bench.ui_port, "GET", "/api/v1/catalog");
    CHECK(catalog.status == 503);
    const auto error = parseObject(catalog.body).at("error").as_object();
    CHECK(itest::str(error, "code") == "store_corrupt");
    CHECK(itest::str(error, "message_zh") == "本机暂停服务，请到入口预登记窗口取号办理。");
    CHECK(itest::httpRequest(bench.ui_port, "GET", "/").status == 200);  // the page that shows it
    const auto refused = bench.postTicket("commercial", "during");
    CHECK(refused.status == 503);
    CHECK(bench.printedTickets().size() == 3);
    CHECK(bench.yicid->running());
    bench.stopYicid(SIGTERM);
    CHECK(itest::readAll(db_file) == damaged);  // kept as it was for the technician

    const CtlRun check = yicictl(bench, {"store", "check", "--data-dir", bench.data_dir.string()});
    CHECK(check.code == 1);
    CHECK(check.out.find("store recover") != std::string::npos);
    const CtlRun recover = yicictl(
        bench, {"store", "recover", "--board", bench.board.string(), "--data-dir", bench.data_dir.string()});
    REQUIRE_MESSAGE(recover.code == 0, recover.out);
    CHECK(recover.out.find("Restart yicid") != std::string::npos);
    bool kept = false;
    for (const auto& entry : fs::directory_iterator(bench.data_dir)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("yici.db.damaged-") && !name.ends_with("-wal") && !name.ends_with("-shm"))
            kept = itest::readAll(entry.path()) == damaged;
    }
    CHECK(kept);
    for (const auto& entry : fs::directory_iterator(bench.data_dir))
        CHECK_FALSE(entry.path().filename().string().starts_with("yici.db.recovered-"));
    CHECK(yicictl(bench, {"store", "check", "--data-dir", bench.data_dir.string()}).code == 0);

    // The ticket rows were lost with their page; today's counter was not, and the margin covers both.
    bench.startYicid();
    CHECK(itest::str(parseObject(bench.health().body).at("devices").at("storage").as_object(), "code") ==
          "ok");
    const auto after = bench.postTicket("commercial", "after");
    REQUIRE_MESSAGE(after.status == 201, after.body);
    const std::string number = itest::str(parseObject(after.body), "number");
    CHECK_FALSE(issued.contains(number));
    for (const auto& old : issued) CHECK(numberPart(number) > numberPart(old) + 50);
}
