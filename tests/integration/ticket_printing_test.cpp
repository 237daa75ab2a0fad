// A citizen's tap becomes a printed ticket: real yicid, real yici-devsim, real HTTP and TCP.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/wechat_qrcode.hpp>

#include <signal.h>
#include <sqlite3.h>

#include <set>
#include <thread>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
namespace json = boost::json;

namespace {

using itest::expectedTicket;
using itest::parseObject;
using itest::sameDots;
using itest::str;

}  // namespace

TEST_CASE("50 tickets over HTTP come out as 50 printed tickets with the right number and a QR that scans") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    std::vector<json::object> tickets;
    for (int i = 0; i < 50; ++i) {
        const auto reply =
            bench.postTicket(i % 2 == 0 ? "commercial" : "re-transfer", "tap-" + std::to_string(i));
        REQUIRE_MESSAGE(reply.status == 201, reply.body);
        tickets.push_back(parseObject(reply.body));
    }
    CHECK(str(tickets[0], "number") == "A001");
    CHECK(str(tickets[1], "number") == "B001");
    CHECK(str(tickets[1], "service_id") == "re-transfer");
    CHECK(str(tickets[48], "number") == "A025");
    CHECK(tickets[48].at("waiting_ahead").as_int64() == 24);
    CHECK(str(tickets[49], "window") == "4/5");

    std::vector<std::filesystem::path> printed;
    for (int i = 0; i < 100 && printed.size() < 50; ++i) {
        printed = bench.printedTickets();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(printed.size() == 50);
    cv::wechat_qrcode::WeChatQRCode scanner;
    for (std::size_t i = 0; i < 50; ++i) {
        const cv::Mat png = cv::imread(printed[i].string(), cv::IMREAD_GRAYSCALE);
        REQUIRE_FALSE(png.empty());
        const auto& t = tickets[i];
        const auto decoded = scanner.detectAndDecode(png);
        REQUIRE(decoded.size() == 1);
        CHECK(decoded[0] ==
              "https://queue.example.gov.cn/q?k=itest-k01&t=" + str(t, "id") + "&n=" + str(t, "number"));
        CHECK_MESSAGE(sameDots(png, expectedTicket(t)), printed[i].string());
    }
}

TEST_CASE(
    "a second POST with the same Idempotency-Key returns the same ticket with 200 and prints nothing more") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto first = bench.postTicket("commercial", "double-tap");
    const auto second = bench.postTicket("commercial", "double-tap");
    REQUIRE(first.status == 201);
    REQUIRE(second.status == 200);
    CHECK(parseObject(first.body).at("id") == parseObject(second.body).at("id"));
    CHECK(str(parseObject(bench.postTicket("commercial", "next-tap").body), "number") == "A002");
    CHECK(itest::waitUntil([&bench] { return bench.printedTickets().size() >= 2; }));
    std::this_thread::sleep_for(
        std::chrono::milliseconds(300));  // a third print, if any, would be done by now
    CHECK(bench.printedTickets().size() == 2);
}

TEST_CASE(
    "paper out: tickets are refused with 503 in Chinese and English, /health turns critical, paper ok "
    "resumes") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "before").status == 201);
    REQUIRE(bench.ctl("paper out") == 0);
    const auto changed = std::chrono::steady_clock::now();
    bool critical = false;
    while (!critical && std::chrono::steady_clock::now() - changed < std::chrono::seconds(2)) {
        const auto health = parseObject(bench.health().body);
        critical = health.at("devices").at("printer").at("health") == "critical";
        if (!critical) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK_MESSAGE(critical, "printer not critical within 2 s of paper out");
    const auto health = parseObject(bench.health().body);
    CHECK(health.at("devices").at("printer").at("code") == "printer_out_of_paper");
    CHECK(health.at("status") == "down");

    const auto refused = bench.postTicket("commercial", "during");
    CHECK(refused.status == 503);
    const auto error = parseObject(refused.body).at("error").as_object();
    CHECK(str(error, "code") == "printer_out_of_paper");
    CHECK(str(error, "message_zh").find("缺纸") != std::string::npos);
    CHECK(str(error, "message_en").find("out of paper") != std::string::npos);

    REQUIRE(bench.ctl("paper ok") == 0);
    int status = 0;
    for (int i = 0; i < 60 && status != 201; ++i) {
        status = bench.postTicket("commercial", "after-" + std::to_string(i)).status;
        if (status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(status == 201);
    CHECK(bench.yicid->running());  // no restart needed
}

TEST_CASE(
    "a roll that ends right after a ticket's cut leaves that ticket printed; one that ends inside voids it") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto first = bench.postTicket("commercial", "measure");
    REQUIRE(first.status == 201);
    REQUIRE(itest::waitUntil([&bench] { return bench.printedTickets().size() == 1; }));
    const int rows = cv::imread(bench.printedTickets()[0].string(), cv::IMREAD_GRAYSCALE).rows;
    REQUIRE(rows > 100);

    // The next ticket of the category has the same height: the roll ends exactly at its cut.
    REQUIRE(bench.ctl("paper out-after " + std::to_string(rows)) == 0);
    const auto last = bench.postTicket("commercial", "last-of-the-roll");
    CHECK_MESSAGE(last.status == 201, last.body);
    REQUIRE(itest::waitUntil([&bench] { return bench.printedTickets().size() == 2; }));
    CHECK(cv::imread(bench.printedTickets()[1].string(), cv::IMREAD_GRAYSCALE).rows == rows);
    const auto db = bench.data_dir / "yici.db";
    const std::string id = str(parseObject(last.body), "id");
    CHECK(itest::queryValue(db, "SELECT status FROM tickets WHERE id = '" + id + "'") == "printed");
    CHECK(bench.postTicket("commercial", "no-paper").status == 503);

    REQUIRE(bench.ctl("paper out-after " + std::to_string(rows / 2)) == 0);
    REQUIRE(itest::waitUntil([&bench] {
        return parseObject(bench.health().body).at("devices").at("printer").at("health") == "ok";
    }));
    const auto cut_short = bench.postTicket("commercial", "half-a-ticket");
    CHECK(cut_short.status == 503);
    CHECK(str(parseObject(cut_short.body).at("error").as_object(), "code") == "printer_out_of_paper");
    CHECK(itest::queryValue(db, "SELECT void_reason FROM tickets WHERE status = 'voided'") ==
          "printer_out_of_paper");
    CHECK(bench.printedTickets().size() == 2);  // half a ticket was never cut
}

TEST_CASE("near-end paper warns but keeps issuing; a jam refuses with its own code") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("paper near-end") == 0);
    const auto printerHealth = [&bench] {
        return std::string(
            parseObject(bench.health().body).at("devices").at("printer").at("health").as_string());
    };
    CHECK(itest::waitUntil([&] { return printerHealth() == "warning"; }, std::chrono::seconds(3)));
    CHECK(bench.postTicket("commercial", "near").status == 201);
    REQUIRE(bench.ctl("jam") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto jammed = bench.postTicket("commercial", "jammed");
    CHECK(jammed.status == 503);
    CHECK(str(parseObject(jammed.body).at("error").as_object(), "code") == "printer_jam");
}

TEST_CASE("an unplugged printer shows as absent and comes back by itself") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.ctl("offline") == 0);
    CHECK(itest::waitUntil(
        [&bench] {
            return parseObject(bench.health().body).at("devices").at("printer").at("health") == "absent";
        },
        std::chrono::seconds(4)));
    const auto health = parseObject(bench.health().body);
    CHECK(health.at("devices").at("printer").at("health") == "absent");
    CHECK(health.at("devices").at("printer").at("code") == "printer_unreachable");
    CHECK(bench.postTicket("commercial", "unplugged").status == 503);
    REQUIRE(bench.ctl("online") == 0);
    int status = 0;
    for (int i = 0; i < 150 && status != 201; ++i) {  // reconnect backoff is at most 10 s
        status = bench.postTicket("commercial", "back-" + std::to_string(i)).status;
        if (status != 201) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(status == 201);
}

TEST_CASE("retrying the key of a voided ticket says it was voided instead of showing it as a ticket") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto first = parseObject(bench.postTicket("commercial", "unlucky").body);
    bench.stopYicid(SIGTERM);
    {  // as if the print had failed, or a power cut had come mid-print
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open((bench.data_dir / "yici.db").c_str(), &db) == SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "UPDATE tickets SET status = 'voided', void_reason = 'printer_jam'", nullptr,
                             nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(db);
    }
    bench.startYicid();
    const auto retry = bench.postTicket("commercial", "unlucky");
    CHECK(retry.status == 409);
    CHECK(str(parseObject(retry.body).at("error").as_object(), "code") == "ticket_voided");
    const auto next = parseObject(bench.postTicket("commercial", "tap-again").body);
    CHECK(str(next, "number") == "A002");  // the voided number is never reused
    CHECK(str(first, "number") == "A001");
}
