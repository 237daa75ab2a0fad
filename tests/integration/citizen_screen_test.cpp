// What the touch screen learns from the kiosk besides tickets: device faults with the citizen's guidance
// (in the catalog and as they happen), the idle timeout, and elder mode.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <thread>

#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
namespace json = boost::json;

namespace {

json::object catalogDevice(itest::Bench& bench, const std::string& name) {
    const auto reply = itest::httpRequest(bench.ui_port, "GET", "/api/v1/catalog");
    REQUIRE(reply.status == 200);
    const json::object catalog = itest::parseObject(reply.body);
    for (const auto& d : catalog.at("devices").as_array()) {
        if (itest::str(d.as_object(), "device") == name) return d.as_object();
    }
    FAIL("no device " << name << " in the catalog");
    return {};
}

}  // namespace

TEST_CASE("paper out: the catalog and the event stream tell the screen, with the Chinese guidance") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const auto catalog = itest::parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/catalog").body);
    CHECK(catalog.at("idle_timeout_s") == 60);
    CHECK(catalog.at("technician") == false);  // the test board sets no PIN
    const auto healthy = catalogDevice(bench, "printer");
    CHECK(healthy.at("health") == "ok");
    CHECK(healthy.at("message_zh") == "");
    catalogDevice(bench, "id_reader");  // every device of /health is listed

    itest::EventStream events(bench.ui_port);
    REQUIRE(bench.ctl("paper out") == 0);
    const auto changed = std::chrono::steady_clock::now();
    json::object printer;
    do {
        printer = catalogDevice(bench, "printer");
        if (printer.at("code") != "printer_out_of_paper")
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (printer.at("code") != "printer_out_of_paper" &&
             std::chrono::steady_clock::now() - changed < std::chrono::seconds(5));
    CHECK(printer.at("health") == "critical");
    CHECK(printer.at("code") == "printer_out_of_paper");
    CHECK(printer.at("message_zh") == "取号机暂时缺纸，请到入口预登记窗口，工作人员会为您取号。");
    CHECK(itest::str(printer, "message_en").starts_with("The kiosk is out of paper."));
    CHECK_FALSE(printer.contains("detail"));
    CHECK_MESSAGE(events.waitFor("event: device\ndata: "
                                 R"({"device":"printer","health":"critical","code":"printer_out_of_paper",)"
                                 R"("message_zh":"取号机暂时缺纸，请到入口预登记窗口)"),
                  events.text());

    REQUIRE(bench.ctl("paper ok") == 0);
    CHECK_MESSAGE(
        events.waitFor(R"({"device":"printer","health":"ok","code":"ok","message_zh":"","message_en":""})"),
        events.text());
}

TEST_CASE("elder mode doubles the idle timeout the session shows; anything but {\"on\": bool} is refused") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/no-card").status == 200);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/elder-mode", R"({"on":true})").status ==
          204);
    auto session = itest::parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/session").body);
    CHECK(session.at("idle_timeout_s") == 120);
    CHECK(session.at("expires_in_s").as_int64() > 100);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/elder-mode", R"({"on":"yes"})").status ==
          400);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/elder-mode", "").status == 400);
    CHECK(itest::httpRequest(bench.ui_port, "POST", "/api/v1/session/elder-mode", R"({"on":false})").status ==
          204);
    session = itest::parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/session").body);
    CHECK(session.at("idle_timeout_s") == 60);
}
