// The kiosk's clock decides a ticket's day and number: a clock gone back (libfaketime) or not yet
// synchronised (a board without RTC) stops issuing with a clear message and a critical /health entry, and
// never reuses a number.
#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using itest::parseObject;

namespace {

// Debian's libfaketime (package faketime), for whatever architecture this is.
std::string libfaketime() {
    for (const auto& dir : std::filesystem::directory_iterator("/usr/lib")) {
        const auto lib = dir.path() / "faketime" / "libfaketime.so.1";
        if (std::filesystem::exists(lib)) return lib.string();
    }
    FAIL("libfaketime is missing: tools/setup installs the faketime package");
    return {};
}

boost::json::object clockOf(itest::Bench& bench) {
    return parseObject(bench.health().body).at("devices").at("clock").as_object();
}

}  // namespace

TEST_CASE("a clock that went back stops issuing until it is right again, and no number is issued twice") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto first = bench.postTicket("commercial", "before");
    REQUIRE_MESSAGE(first.status == 201, first.body);
    CHECK(clockOf(bench).at("health") == "ok");
    bench.stopYicid(SIGTERM);

    // The same kiosk restarted with its clock an hour behind (an RTC battery gone flat, a bad NTP step).
    bench.yicid_env = {"LD_PRELOAD=" + libfaketime(), "FAKETIME=-1h", "FAKETIME_DONT_FAKE_MONOTONIC=1",
                       "ASAN_OPTIONS=verify_asan_link_order=0"};
    bench.startYicid();
    const auto clock = clockOf(bench);
    CHECK(clock.at("health") == "critical");
    CHECK(clock.at("code") == "clock_behind");
    CHECK(parseObject(bench.health().body).at("status") == "down");
    const auto refused = bench.postTicket("commercial", "behind");
    CHECK(refused.status == 503);
    const auto error = parseObject(refused.body).at("error").as_object();
    CHECK(itest::str(error, "code") == "clock_behind");
    CHECK(itest::str(error, "message_zh").find("时钟") != std::string::npos);
    CHECK(bench.printedTickets().size() == 1);
    bench.stopYicid(SIGTERM);

    bench.yicid_env.clear();
    bench.startYicid();
    const auto next = bench.postTicket("commercial", "after");
    REQUIRE_MESSAGE(next.status == 201, next.body);
    CHECK(itest::str(parseObject(next.body), "number") != itest::str(parseObject(first.body), "number"));
}

TEST_CASE("a board without RTC issues no ticket until its clock was synchronised, then at once") {
    itest::Bench bench;
    bench.startDevsim();
    bench.addBoardKey("kiosk", "rtc = false");
    bench.addBoardKey("kiosk", "clock_synchronized_file = \"synchronized\"");
    bench.startYicid();
    const auto clock = clockOf(bench);
    CHECK(clock.at("health") == "critical");
    CHECK(clock.at("code") == "clock_not_synchronized");
    const auto refused = bench.postTicket("commercial", "early");
    CHECK(refused.status == 503);
    CHECK(itest::str(parseObject(refused.body).at("error").as_object(), "code") == "clock_not_synchronized");
    CHECK(bench.printedTickets().empty());

    std::ofstream(bench.board.parent_path() / "synchronized");  // systemd-timesyncd's flag
    CHECK(clockOf(bench).at("health") == "ok");
    const auto issued = bench.postTicket("commercial", "synced");
    CHECK_MESSAGE(issued.status == 201, issued.body);
}
