// The kiosk probed as an attacker would probe it: someone at the screen, or a local process on the kiosk
// (docs/security.md). Each case is a promise a citizen or the hall relies on.
#include <doctest/doctest.h>

#include <signal.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "citizen_flow.hpp"
#include "harness.hpp"
#include "printed_ticket.hpp"
#include "store/database.hpp"

using namespace yici;
namespace asio = boost::asio;
using asio::ip::tcp;
using itest::parseObject;
using itest::post;
using itest::str;

namespace {

// A pre-registration without a card for an item that needs none, with `details`; the answer's ticket.
boost::json::object registerWithoutCard(itest::Bench& bench, const std::string& details) {
    REQUIRE(post(bench, "/api/v1/session/no-card").status == 200);
    REQUIRE(
        post(bench, "/api/v1/session/service", R"({"service_id":"hr-contribution-certificate"})").status ==
        200);
    REQUIRE(post(bench, "/api/v1/session/materials", R"({"have":[]})").status == 200);
    REQUIRE(post(bench, "/api/v1/session/details", details).status == 200);
    const auto reply = post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(reply.status == 201, reply.body);
    return parseObject(reply.body);
}

// Whether any file under `dir` holds `needle`.
bool anyFileHolds(const std::filesystem::path& dir, const std::string& needle) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && itest::readAll(entry.path()).find(needle) != std::string::npos)
            return true;
    }
    return false;
}

}  // namespace

TEST_CASE("a claimed priority jumps no queue until staff confirm it, and no declared disability is kept") {
    itest::Bench bench;
    bench.addBoardKey("privacy", "retention_h = 0");
    bench.startDevsim();
    bench.startYicid();
    // Someone at the screen, without a card, declares a disability and types any appointment code.
    const auto declared =
        registerWithoutCard(bench, R"({"mobile":"13800138000","disabled":true,"appointment_code":"AAAAAA"})");
    const auto& ticket = declared.at("ticket").as_object();
    CHECK(ticket.at("priority") == "normal");
    CHECK(ticket.at("priority_claim") == true);
    const auto code_only =
        registerWithoutCard(bench, R"({"mobile":"13800138001","appointment_code":"AAAAAA"})");
    CHECK(code_only.at("ticket").at("priority") == "normal");
    CHECK(code_only.at("ticket").at("priority_claim") == true);
    // The tickets say so: 优先待核验, 预约待核验. (The virtual printer writes each PNG once it has it all.)
    REQUIRE(itest::waitUntil([&] { return bench.printedTickets().size() == 2; }));
    const auto printed = bench.printedTickets();
    const itest::RegistrationPrint claim{str(declared.at("registration").as_object(), "code"), "",
                                         ticket::Claim::priority};
    CHECK(itest::sameDots(cv::imread(printed[0].string(), cv::IMREAD_GRAYSCALE),
                          itest::expectedTicket(ticket, &claim)));
    const itest::RegistrationPrint appointment{str(code_only.at("registration").as_object(), "code"), "",
                                               ticket::Claim::appointment};
    CHECK(itest::sameDots(cv::imread(printed[1].string(), cv::IMREAD_GRAYSCALE),
                          itest::expectedTicket(code_only.at("ticket").as_object(), &appointment)));

    // The screen cannot confirm its own claim; staff at the desk can, on the status listener.
    const std::string confirm = "/api/v1/tickets/" + str(ticket, "number") + "/confirm-priority";
    CHECK(itest::httpRequest(bench.ui_port, "POST", confirm, R"({"staff":"S017"})").status == 404);
    const auto confirmed = itest::httpRequest(bench.status_port, "POST", confirm, R"({"staff":"S017"})");
    REQUIRE_MESSAGE(confirmed.status == 200, confirmed.body);
    CHECK(parseObject(confirmed.body).at("priority") == "confirmed");

    // Past retention (0 h here) the purge leaves no word of why anyone had priority, anywhere.
    bench.stopYicid(SIGTERM);
    bench.startYicid();
    CHECK(itest::waitUntil([&] {
        auto db = store::Database::open(bench.data_dir / "yici.db");
        auto left = db->prepare("SELECT count(*) FROM registrations WHERE purged_at IS NULL");
        return *left->step() && left->integer(0) == 0;
    }));
    bench.stopYicid(SIGTERM);
    for (const char* word : {"disabled", "disability", "残疾", "残障"}) {
        CHECK_MESSAGE(!anyFileHolds(bench.data_dir, word), word);
        CHECK_MESSAGE(itest::readAll(bench.dir / "yicid.log").find(word) == std::string::npos, word);
    }
}

TEST_CASE("a local process cannot hold the screen hostage with stalled bodies and idle streams") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const std::string host = "Host: 127.0.0.1:" + std::to_string(bench.ui_port) + "\r\n";

    // 16 POSTs (every request session of the UI listener) that send their header and withhold the body.
    asio::io_context io;
    std::vector<tcp::socket> stalled;
    for (int i = 0; i < 16; ++i) {
        tcp::socket& socket = stalled.emplace_back(io);
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), bench.ui_port));
        asio::write(socket, asio::buffer("POST /api/v1/session/details HTTP/1.1\r\n" + host +
                                         "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{"));
    }
    // 8 event streams that are never read: twice the stream slots.
    std::vector<std::unique_ptr<itest::EventStream>> idle;
    for (int i = 0; i < 8; ++i) idle.push_back(std::make_unique<itest::EventStream>(bench.ui_port));

    const auto started = std::chrono::steady_clock::now();
    const auto page = itest::httpRequest(bench.ui_port, "GET", "/");
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
    CHECK(page.status == 200);

    // The screen's own stream (after a reload, or a restart of the page) gets in and gets its events.
    itest::EventStream screen(bench.ui_port);
    CHECK(screen.waitFor("retry: 2000"));
    CHECK(screen.text().starts_with("HTTP/1.1 200 OK"));
    REQUIRE(bench.ctl("paper out") == 0);
    CHECK(screen.waitFor("event: device"));
}

TEST_CASE("someone at the screen can neither try the technician PIN nor keep the technician out") {
    itest::Bench bench;
    REQUIRE(bench.enableTechnician() == 0);
    bench.startDevsim();
    bench.startYicid();
    const auto typed = [&](const std::string& given) {
        return post(bench, "/api/v1/technician/login", R"({"pin":")" + given + R"("})");
    };
    // 20 wrong PINs from the screen, then 20 more with a citizen's card on the reader: none is even checked.
    for (int i = 0; i < 20; ++i) {
        const auto refused = typed(fmt::format("{:06}", i));
        CHECK(refused.status == 409);
        CHECK(str(parseObject(refused.body).at("error").as_object(), "code") == "staff_card_required");
    }
    REQUIRE(bench.ctl("card tap resident") == 0);
    REQUIRE(itest::waitUntil([&] {
        return parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/session").body).at("active") ==
               true;
    }));
    for (int i = 0; i < 20; ++i) CHECK(typed(fmt::format("{:06}", 100 + i)).status == 409);
    // The citizen lifts the card (the reader sees it go) before the technician places theirs.
    itest::EventStream events(bench.ui_port);
    REQUIRE(events.waitFor("text/event-stream"));
    REQUIRE(bench.ctl("card remove") == 0);
    REQUIRE(events.waitFor("event: card_removed"));

    // The technician arrives, taps their own card and types the PIN: in at once, no back-off to wait out.
    const auto arrived = std::chrono::steady_clock::now();
    REQUIRE(bench.ctl("card tap staff") == 0);
    itest::HttpResult login;
    REQUIRE(itest::waitUntil([&] {
        login = typed(itest::Bench::technician_pin);
        return login.status != 409;
    }));
    CHECK(login.status == 200);
    CHECK(std::chrono::steady_clock::now() - arrived < std::chrono::seconds(60));
}
