// Pre-registration at the entrance, end to end: a card tap on the virtual reader, the flow over the
// citizen API, the registration committed encrypted, the ticket printed with its code.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/wechat_qrcode.hpp>

#include <signal.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "citizen_flow.hpp"
#include "harness.hpp"
#include "printed_ticket.hpp"
#include "privacy/vault.hpp"
#include "store/registration_store.hpp"
#include "store/schema.hpp"

using namespace yici;
using itest::fillIn;
using itest::parseObject;
using itest::post;
using itest::session;
using itest::str;
using itest::tap;
namespace json = boost::json;

namespace {

constexpr const char* mobile = "13912345678";

const std::string transfer_details =
    std::string(R"({"mobile":")") + mobile + R"(","fields":{"property_certificate_no":"2026001234567"}})";

std::vector<std::filesystem::path> waitForPrinted(itest::Bench& bench, std::size_t count) {
    std::vector<std::filesystem::path> printed;
    for (int i = 0; i < 100 && printed.size() < count; ++i) {
        printed = bench.printedTickets();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return printed;
}

}  // namespace

TEST_CASE(
    "a full pre-registration: card tap to a printed ticket with the code and the item; a repeat "
    "visit gets the same one; nothing personal is stored or logged in clear") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    tap(bench, "resident");

    const auto confirm =
        fillIn(bench, "re-transfer", R"({"have":["id_card","id_card_copy"]})", transfer_details);
    const auto& flow = confirm.at("flow").as_object();
    CHECK(flow.at("materials_missing").as_array() == json::array{"property_certificate"});
    const auto& lacking = flow.at("materials").as_array().at(1).as_object();
    CHECK(lacking.at("have") == false);
    CHECK(str(lacking, "where_zh").find("不动产") != std::string::npos);  // where to get it
    CHECK(flow.at("details").at("mobile_masked") == "139****5678");
    CHECK(flow.at("details").at("fields").at("property_certificate_no") == "202600***4567");
    CHECK(confirm.at("citizen").at("id_number_masked") == "330324********1230");
    CHECK(confirm.at("citizen").at("name") == "张三");  // in full only here, where the citizen checks it

    const auto first = post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(first.status == 201, first.body);
    const auto registered = parseObject(first.body);
    const auto& registration = registered.at("registration").as_object();
    const std::string code = str(registration, "code");
    CHECK(code.size() == 6);
    CHECK(registration.at("missing_materials").as_array() == json::array{"property_certificate"});
    const auto& ticket = registered.at("ticket").as_object();
    CHECK(str(ticket, "number") == "B001");
    CHECK(str(ticket, "registration_id") == str(registration, "id"));
    CHECK(str(ticket, "status") == "printed");
    CHECK_FALSE(session(bench).at("active").as_bool());  // done: the session and its data are gone

    // The paper: every dot as the kiosk's layout draws code, item and masked holder; the QR scans.
    auto printed = waitForPrinted(bench, 1);
    REQUIRE(printed.size() == 1);
    const cv::Mat png = cv::imread(printed[0].string(), cv::IMREAD_GRAYSCALE);
    // It lists what is still missing (一次性告知), with where to get it and the hall's phone.
    const itest::RegistrationPrint expected_print{
        code, "张* 330324********1230", ticket::Claim::none, {"property_certificate"}};
    CHECK(itest::sameDots(png, itest::expectedTicket(ticket, &expected_print)));
    cv::wechat_qrcode::WeChatQRCode scanner;
    const auto decoded = scanner.detectAndDecode(png);
    REQUIRE(decoded.size() == 1);
    CHECK(decoded[0] ==
          "https://queue.example.gov.cn/q?k=itest-k01&t=" + str(ticket, "id") + "&n=B001&r=" + code);

    // A ticket request naming the registration gets its printed ticket back; an unknown one is refused.
    const std::string by_id =
        R"({"service_id":"re-transfer","registration_id":")" + str(registration, "id") + "\"}";
    const auto same =
        itest::httpRequest(bench.ui_port, "POST", "/api/v1/tickets", by_id, {{"Idempotency-Key", "k-1"}});
    CHECK(same.status == 200);
    CHECK(parseObject(same.body).at("id") == ticket.at("id"));
    const auto unknown = itest::httpRequest(
        bench.ui_port, "POST", "/api/v1/tickets",
        R"({"service_id":"re-transfer","registration_id":"20261128-ZZZZZZ"})", {{"Idempotency-Key", "k-2"}});
    CHECK(unknown.status == 404);

    // Same card, same item, same day: the same registration and ticket, and no second paper.
    REQUIRE(bench.ctl("card remove") == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the reader polls every 500 ms
    tap(bench, "resident");
    fillIn(bench, "re-transfer", R"({"have":[]})", transfer_details);
    const auto again = post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(again.status == 200, again.body);
    const auto repeat = parseObject(again.body);
    CHECK(repeat.at("existing") == true);
    CHECK(str(repeat.at("registration").as_object(), "code") == code);
    CHECK(repeat.at("ticket").at("id") == ticket.at("id"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(bench.printedTickets().size() == 1);

    // What the hall server can poll: the key is healthy, registrations are counted, nobody is named.
    const std::string health = bench.health().body;
    const std::string metrics = itest::httpRequest(bench.status_port, "GET", "/metrics").body;
    CHECK(parseObject(health).at("devices").at("privacy_key").at("health") == "ok");
    CHECK(metrics.find(R"(yici_registrations_total{category="real_estate",priority="normal"} 1)") !=
          std::string::npos);

    // What is on disk and in the log: no name, no full ID number, no mobile number.
    bench.stopYicid(SIGTERM);
    const auto db = bench.data_dir / "yici.db";
    itest::Process dump({"/bin/sh", "-c",
                         "sqlite3 '" + db.string() + "' .dump > '" + (bench.dir / "dump.sql").string() + "'"},
                        bench.dir / "sqlite3.log");
    REQUIRE(dump.wait() == 0);
    const std::string sql = itest::readAll(bench.dir / "dump.sql");
    CHECK(sql.find("INSERT INTO registrations") != std::string::npos);
    const std::string raw = itest::readAll(db) + itest::readAll(bench.data_dir / "yici.db-wal");
    const std::string log = itest::readAll(bench.dir / "yicid.log");
    for (const std::string& secret : {std::string("张三"), std::string("330324198506121230"),
                                      std::string(mobile), std::string("2026001234567")}) {
        CAPTURE(secret);
        CHECK(sql.find(secret) == std::string::npos);
        CHECK(raw.find(secret) == std::string::npos);
        CHECK(log.find(secret) == std::string::npos);
        CHECK(health.find(secret) == std::string::npos);
        CHECK(metrics.find(secret) == std::string::npos);
    }
    // Only the day's key, itself sealed with the device key, opens the sealed fields, and they hold what the
    // hall needs.
    auto database = store::openDatabase(db);
    REQUIRE(database.has_value());
    store::RegistrationStore registrations(*database);
    auto sealed = registrations.sealedFields(str(registration, "id"));
    REQUIRE(sealed.has_value());
    REQUIRE(sealed->has_value());
    auto vault = privacy::Vault::open(bench.data_dir / "pii.key");
    REQUIRE(vault.has_value());
    CHECK_FALSE(vault->unseal((*sealed)->bytes).has_value());
    REQUIRE((*sealed)->key_day.has_value());
    store::DataKeys keys(*database, *vault);
    auto opened = keys.open(**sealed);
    REQUIRE(opened.has_value());
    const auto fields = parseObject(*opened);
    CHECK(fields.at("card").at("id_number") == "330324198506121230");
    CHECK(fields.at("card").at("name") == "张三");
    CHECK(fields.at("mobile") == mobile);
    CHECK(fields.at("fields").at("property_certificate_no") == "2026001234567");
    CHECK((std::filesystem::status(bench.data_dir / "pii.key").permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("an elderly citizen's card gets a priority ticket that goes ahead of the people waiting") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    for (int i = 0; i < 3; ++i)
        REQUIRE(bench.postTicket("re-transfer", "walk-in-" + std::to_string(i)).status == 201);
    tap(bench, "elderly");
    CHECK(session(bench).at("citizen").at("elderly") == true);
    fillIn(bench, "re-records-query", R"({"have":["id_card"]})",
           std::string(R"({"mobile":")") + mobile + R"("})");
    const auto reply = post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(reply.status == 201, reply.body);
    const auto body = parseObject(reply.body);
    CHECK(body.at("registration").at("priority_reasons").as_array() == json::array{"elderly"});
    const auto& ticket = body.at("ticket").as_object();
    CHECK(str(ticket, "priority") == "elderly");
    CHECK(str(ticket, "number") == "B004");
    CHECK(ticket.at("waiting_ahead").as_int64() == 0);  // three walk-ins wait, the senior goes first
    // The window calls the senior first.
    const auto called = itest::windowCall(bench, "4", "call-next");
    REQUIRE_MESSAGE(called.status == 200, called.body);
    CHECK(parseObject(called.body).at("number") == "B004");
}

TEST_CASE("idle timeout in the middle of the flow wipes the session") {
    itest::Bench bench;
    std::string board = itest::readAll(bench.board);
    board.replace(board.find("[ui]\n"), 5, "[ui]\nidle_timeout_s = 10\n");
    std::ofstream(bench.board) << board;
    bench.startDevsim();
    bench.startYicid();
    tap(bench, "resident");
    REQUIRE(post(bench, "/api/v1/session/service", R"({"service_id":"re-transfer"})").status == 200);
    REQUIRE(post(bench, "/api/v1/session/materials", R"({"have":["id_card"]})").status == 200);
    json::object s;
    for (int i = 0; i < 130; ++i) {  // up to 13 s
        s = session(bench);
        if (!s.at("active").as_bool()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(s == json::object{{"active", false}});
    const auto late = post(bench, "/api/v1/session/details", transfer_details);
    CHECK(late.status == 409);
    CHECK(parseObject(late.body).at("error").at("code") == "no_session");
}

TEST_CASE("the flow refuses steps out of order, bad numbers and items that need a card") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    CHECK(post(bench, "/api/v1/registrations").status == 409);  // no session
    REQUIRE(post(bench, "/api/v1/session/no-card").status == 200);
    const auto needs_card = post(bench, "/api/v1/session/service", R"({"service_id":"re-transfer"})");
    CHECK(needs_card.status == 409);
    CHECK(parseObject(needs_card.body).at("error").at("code") == "card_required");
    const auto skipped = post(bench, "/api/v1/session/details", transfer_details);
    CHECK(parseObject(skipped.body).at("error").at("code") == "flow_step_invalid");
    REQUIRE(
        post(bench, "/api/v1/session/service", R"({"service_id":"hr-contribution-certificate"})").status ==
        200);
    REQUIRE(post(bench, "/api/v1/session/materials", R"({"have":[]})").status == 200);
    const auto bad_mobile = post(bench, "/api/v1/session/details", R"({"mobile":"12345"})");
    CHECK(bad_mobile.status == 400);
    CHECK(parseObject(bad_mobile.body).at("error").at("code") == "mobile_invalid");
    CHECK(post(bench, "/api/v1/session/details", R"({"mobile":"13800138000","x":1})").status == 400);
    REQUIRE(post(bench, "/api/v1/session/details", R"({"mobile":"13800138000","disabled":true})").status ==
            200);
    const auto reply = post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(reply.status == 201, reply.body);
    // A declared need is a claim: the ticket waits as normal until staff confirm it.
    const auto ticket = parseObject(reply.body).at("ticket").as_object();
    CHECK(ticket.at("priority") == "normal");
    CHECK(ticket.at("priority_claim") == true);
}

TEST_CASE("after the cut-off a category refuses and says when it next opens") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    // The test hall's tax category issues only from 08:30 to 08:31.
    const auto catalog = parseObject(itest::httpRequest(bench.ui_port, "GET", "/api/v1/catalog").body);
    const json::object* tax = nullptr;
    for (const auto& c : catalog.at("categories").as_array())
        if (c.at("id") == "tax") tax = &c.as_object();
    REQUIRE(tax != nullptr);
    if (tax->at("issuing").as_bool()) return;  // the one minute of the day it is open
    REQUIRE(post(bench, "/api/v1/session/no-card").status == 200);
    const auto closed = post(bench, "/api/v1/session/service", R"({"service_id":"tax-iit-enquiry"})");
    CHECK(closed.status == 409);
    const auto error = parseObject(closed.body).at("error").as_object();
    CHECK(error.at("code") == "category_closed");
    CHECK(str(error, "next_open").ends_with("08:30:00+08:00"));
    CHECK(error.at("next_open") == tax->at("next_open"));
}

TEST_CASE("a citizen rates the window once, after being served") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    REQUIRE(bench.postTicket("commercial", "rate-me").status == 201);
    const std::string rating = R"({"ticket":"A001","score":4,"reasons":["fast","clear_guidance"]})";
    const auto early = post(bench, "/api/v1/ratings", rating);
    CHECK(parseObject(early.body).at("error").at("code") == "ticket_not_served");
    CHECK(post(bench, "/api/v1/windows/2/call-next").status == 404);  // not on the citizen listener
    // A local page or a rebound name cannot call a ticket: the status listener has the UI listener's guard.
    const std::string call = "/api/v1/windows/2/call-next";
    CHECK(itest::httpRequest(bench.status_port, "POST", call, "", {{"Host", "evil.example"}}).status == 421);
    CHECK(itest::httpRequest(bench.status_port, "POST", call, "",
                             {{"Origin", "http://127.0.0.1:" + std::to_string(bench.ui_port)}})
              .status == 403);
    CHECK(itest::httpRequest(bench.status_port, "POST", call, "", {{"Content-Type", "text/plain"}}).status ==
          415);
    REQUIRE(itest::windowCall(bench, "2", "call-next").status == 200);
    REQUIRE(itest::windowCall(bench, "2", "complete").status == 200);
    const auto rated = post(bench, "/api/v1/ratings", rating);
    REQUIRE_MESSAGE(rated.status == 201, rated.body);
    CHECK(parseObject(rated.body).at("window") == "2");
    const auto twice = post(bench, "/api/v1/ratings", rating);
    CHECK(twice.status == 409);
    CHECK(parseObject(twice.body).at("error").at("code") == "already_rated");
    CHECK(post(bench, "/api/v1/ratings", R"({"ticket":"A001","score":9})").status == 400);
    CHECK(post(bench, "/api/v1/ratings", R"({"ticket":"Z999","score":3})").status == 404);
}
