// The ticket dispenser: yicid's escpos-presenter driver against yici-devsim's virtual presenter, in both
// dialects, over the printer's one TCP link.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>

#include <signal.h>

#include <string>

#include "citizen_flow.hpp"
#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;

namespace {

using itest::parseObject;
using itest::str;

// The bench with a presenter of `dialect` on the virtual printer, and the screen's event stream open.
void startWithDispenser(itest::Bench& bench, const std::string& dialect, int take_timeout_s = 30) {
    bench.addBoardKey("dispenser", "driver = \"escpos-presenter\"\ndialect = \"" + dialect +
                                       "\"\ntake_timeout_s = " + std::to_string(take_timeout_s));
    bench.startDevsim();
    bench.startYicid();
    // The presenter's first status answer makes the dispenser usable.
    REQUIRE(itest::waitUntil([&bench] {
        return parseObject(bench.health().body).at("devices").at("dispenser").at("health") == "ok";
    }));
}

std::string devsimStatus(itest::Bench& bench) {
    itest::Process ctl({itest::paths().devsim, "ctl", "--control", bench.control.string(), "status"},
                       bench.dir / "ctl-status.log");
    ctl.wait();
    return itest::readAll(bench.dir / "ctl-status.log");
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a ticket the citizen takes: the screen says to take it, then thanks, in both dialects") {
    for (const std::string dialect : {"gs-e", "vkp80"}) {
        CAPTURE(dialect);
        itest::Bench bench;
        startWithDispenser(bench, dialect);
        itest::EventStream screen(bench.ui_port);
        REQUIRE(screen.waitFor("retry:"));
        const auto ticket = bench.postTicket("commercial", "take-" + dialect);
        REQUIRE(ticket.status == 201);
        const std::string number = str(parseObject(ticket.body), "number");
        CHECK(screen.waitFor(R"({"number":")" + number + R"(","state":"waiting"})"));
        CHECK(screen.waitFor(R"({"number":")" + number + R"(","state":"taken"})"));
        CHECK(has(devsimStatus(bench), "mouth=empty taken=1 retracted=0"));
        // The mouth is free again: the next citizen's tap prints at once.
        CHECK(bench.postTicket("commercial", "next-" + dialect).status == 201);
        CHECK(itest::waitUntil([&bench] { return bench.printedTickets().size() == 2; }));
    }
}

TEST_CASE("a ticket nobody takes is retracted, not_taken, told to the hall, counted, and never called") {
    for (const std::string dialect : {"gs-e", "vkp80"}) {
        CAPTURE(dialect);
        itest::Bench bench;
        bench.startHallSim();
        startWithDispenser(bench, dialect, 5);
        itest::EventStream screen(bench.ui_port);
        REQUIRE(screen.waitFor("retry:"));
        REQUIRE(bench.ctl("presenter leave") == 0);
        const auto left = bench.postTicket("commercial", "left-" + dialect);
        REQUIRE(left.status == 201);
        const std::string id = str(parseObject(left.body), "id");
        const std::string number = str(parseObject(left.body), "number");
        CHECK(screen.waitFor(R"({"number":")" + number + R"(","state":"waiting"})"));

        // The next citizen cannot print over it: a tap waits 3 s for the ticket to go, then is told why.
        const auto refused = bench.postTicket("commercial", "over-" + dialect);
        CHECK(refused.status == 409);
        CHECK(str(parseObject(refused.body).at("error").as_object(), "code") == "ticket_in_slot");

        CHECK(screen.waitFor(R"({"number":")" + number + R"(","state":"not_taken"})",
                             std::chrono::seconds(12)));
        CHECK(has(devsimStatus(bench), "mouth=empty taken=0 retracted=1"));
        CHECK(itest::waitUntil(
            [&bench] { return std::filesystem::exists(bench.out_dir / "retracted" / "ticket-0001.png"); }));
        CHECK(itest::queryValue(bench.data_dir / "yici.db",
                                "SELECT status FROM tickets WHERE id = '" + id + "'") == "not_taken");
        CHECK(itest::waitUntil([&] {
            const auto received = bench.hallReceived();
            return std::find(received.begin(), received.end(), id + "/not_taken") != received.end();
        }));
        const auto metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
        CHECK(has(metrics, R"(yici_tickets_not_taken_total{category="commercial"} 1)"));

        // A window calls the next citizen, never the ticket in the bin.
        REQUIRE(bench.ctl("presenter take") == 0);
        const auto taken = bench.postTicket("commercial", "taken-" + dialect);
        REQUIRE(taken.status == 201);
        const auto called = itest::windowCall(bench, "1", "call-next");
        REQUIRE(called.status == 200);
        CHECK(str(parseObject(called.body), "id") == str(parseObject(taken.body), "id"));
        CHECK(itest::windowCall(bench, "2", "call-next").status == 409);  // queue_empty
    }
}

TEST_CASE("a ticket taken back is reprinted with yicictl: same number, marked 补打, and called again") {
    itest::Bench bench;
    startWithDispenser(bench, "gs-e", 5);
    REQUIRE(bench.ctl("presenter leave") == 0);
    const auto left = bench.postTicket("commercial", "left");
    REQUIRE(left.status == 201);
    const auto ticket = parseObject(left.body);
    const std::string id = str(ticket, "id");
    const std::string db = (bench.data_dir / "yici.db").string();
    REQUIRE(
        itest::waitUntil([&] { return itest::queryValue(db, "SELECT status FROM tickets") == "not_taken"; },
                         std::chrono::seconds(12)));
    REQUIRE(bench.ctl("presenter take") == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(bench.status_port);
    itest::Process reprint({itest::paths().yicictl, "ticket", "reprint", str(ticket, "number"), url},
                           bench.dir / "reprint.log");
    CHECK(reprint.wait() == 0);
    CHECK(has(itest::readAll(bench.dir / "reprint.log"), "reprinted " + str(ticket, "number")));
    CHECK(itest::queryValue(db, "SELECT status || ' ' || reprints FROM tickets") == "printed 1");
    const std::string at = itest::queryValue(
        db, "SELECT json_extract(data, '$.reprinted_at') FROM outbox WHERE type = 'ticket_reprinted'");
    REQUIRE(at.size() >= 16);
    REQUIRE(
        itest::waitUntil([&bench] { return bench.printedTickets().size() == 1; }));  // the first: retracted/
    const auto printed = bench.printedTickets();
    CHECK(itest::sameDots(cv::imread(printed[0].string(), cv::IMREAD_GRAYSCALE),
                          itest::expectedTicket(ticket, nullptr, at.substr(0, 10) + " " + at.substr(11, 5))));
    const auto called = itest::windowCall(bench, "1", "call-next");
    REQUIRE(called.status == 200);
    CHECK(str(parseObject(called.body), "id") == id);
    // A number no ticket has today is said plainly.
    itest::Process unknown({itest::paths().yicictl, "ticket", "reprint", "Z999", url},
                           bench.dir / "unknown.log");
    CHECK(unknown.wait() == 1);
    CHECK(has(itest::readAll(bench.dir / "unknown.log"), "reprint_no_such_ticket"));
    // Whatever is typed stays one path segment, and the kiosk refuses what no ticket number looks like.
    itest::Process odd({itest::paths().yicictl, "ticket", "reprint", "../../health?", url},
                       bench.dir / "odd.log");
    CHECK(odd.wait() == 1);
    CHECK(itest::readAll(bench.dir / "odd.log").starts_with("yicictl: not_found: "));  // no route, no print
    itest::Process query({itest::paths().yicictl, "ticket", "reprint", "A001?x", url},
                         bench.dir / "query.log");
    CHECK(query.wait() == 1);
    CHECK(has(itest::readAll(bench.dir / "query.log"), "bad_request"));
}

TEST_CASE(
    "a jammed presenter stops tickets with its own code and message, recovers when cleared, goes with the "
    "printer") {
    itest::Bench bench;
    startWithDispenser(bench, "gs-e");
    REQUIRE(bench.ctl("presenter jam") == 0);
    const auto dispenser = [&bench] {
        return parseObject(bench.health().body).at("devices").at("dispenser");
    };
    CHECK(itest::waitUntil([&] { return dispenser().at("code") == "dispenser_jam"; }));
    CHECK(dispenser().at("health") == "critical");
    const auto jammed = bench.postTicket("commercial", "jammed");
    CHECK(jammed.status == 503);
    const auto error = parseObject(jammed.body).at("error").as_object();
    CHECK(str(error, "code") == "dispenser_jam");
    CHECK(has(str(error, "message_zh"), "出票口卡票"));
    CHECK(bench.printedTickets().empty());
    REQUIRE(bench.ctl("presenter jam clear") == 0);
    CHECK(itest::waitUntil([&] { return dispenser().at("health") == "ok"; }));
    CHECK(bench.postTicket("commercial", "cleared").status == 201);
    // The printer unplugged: its presenter is gone with it.
    REQUIRE(bench.ctl("offline") == 0);
    CHECK(itest::waitUntil([&] { return dispenser().at("health") == "absent"; }));
    CHECK(dispenser().at("code") == "printer_unreachable");
}

TEST_CASE(
    "a ticket left in the mouth when yicid stopped is taken back when it starts, before the next citizen") {
    itest::Bench bench;
    startWithDispenser(bench, "gs-e");
    REQUIRE(bench.ctl("presenter leave") == 0);
    REQUIRE(bench.postTicket("commercial", "before-the-power-cut").status == 201);
    REQUIRE(itest::waitUntil([&] { return has(devsimStatus(bench), "mouth=ticket-0001"); }));
    bench.stopYicid(SIGKILL);  // the power cut
    bench.startYicid();
    CHECK(itest::waitUntil([&] { return has(devsimStatus(bench), "mouth=empty taken=0 retracted=1"); }));
    REQUIRE(bench.ctl("presenter take") == 0);
    CHECK(bench.postTicket("commercial", "next-citizen").status == 201);
    CHECK(itest::waitUntil([&] { return has(devsimStatus(bench), "mouth=empty taken=1 retracted=1"); }));
}
