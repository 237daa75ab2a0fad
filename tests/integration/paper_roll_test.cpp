// The counted paper roll on a running kiosk: yicid, yici-devsim, /health, /metrics and yicictl printer
// new-roll.
#include <doctest/doctest.h>

#include <signal.h>

#include <string>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

TEST_CASE(
    "the paper roll is counted down to a warning, kept across a restart, and full again after yicictl") {
    itest::Bench bench;
    bench.addBoardKey("printer", "roll_length_m = 1\nroll_warning_ratio = 0.6");
    bench.startDevsim();
    bench.startYicid();
    const auto roll = [&bench] { return parseObject(bench.health().body).at("devices").at("paper_roll"); };
    const auto gauge = [&bench] {
        const std::string metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
        const auto at = metrics.find("\nyici_printer_paper_remaining_ratio ");
        return at == std::string::npos ? -1.0 : std::stod(metrics.substr(at + 36));
    };
    CHECK(gauge() == doctest::Approx(1.0));
    CHECK(roll().at("health") == "ok");
    int taps = 0;
    while (gauge() > 0.6 && taps < 10)
        REQUIRE(bench.postTicket("commercial", "t" + std::to_string(++taps)).status == 201);
    CHECK(taps >= 3);  // a ticket of the test hall is about 12 cm
    CHECK(itest::waitUntil([&] { return roll().at("code") == "paper_roll_low"; }));
    CHECK(roll().at("health") == "warning");
    CHECK(parseObject(bench.health().body).at("status") == "degraded");  // noticed, and tickets still print
    const double left = gauge();
    bench.stopYicid(SIGTERM);
    bench.startYicid();
    CHECK(gauge() == doctest::Approx(left));
    const std::string url = "http://127.0.0.1:" + std::to_string(bench.status_port);
    itest::Process new_roll({itest::paths().yicictl, "printer", "new-roll", url}, bench.dir / "new-roll.log");
    CHECK(new_roll.wait() == 0);
    CHECK(itest::readAll(bench.dir / "new-roll.log") == "new paper roll: 1 m\n");
    CHECK(gauge() == doctest::Approx(1.0));
    CHECK(itest::waitUntil([&] { return roll().at("health") == "ok"; }));
}
