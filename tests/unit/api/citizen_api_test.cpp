// The citizen API without a socket: what the screen is told about devices, the POST /api/v1/tickets input,
// and every handler's answer (status, JSON code and the fields the screen reads).
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

#include "api/api_bench.hpp"
#include "api/catalog_api.hpp"
#include "api/errors.hpp"
#include "api/internal/ticket_json.hpp"
#include "api/session_api.hpp"
#include "api/tickets_api.hpp"
#include "api/ui_events.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;
using testing::ApiBench;
using testing::errorOf;
using testing::jsonOf;
using testing::request;
using testing::ticketPost;
namespace bhttp = boost::beast::http;

namespace {

hal::Health deviceHealth(hal::HealthLevel level, ErrorCode code) {
    return hal::Health{
        .level = level, .code = code, .detail = "DLE EOT 4: 0x72 at tcp://10.0.0.9", .since = {}};
}

}  // namespace

TEST_CASE("a printer out of paper sends the citizen to the pre-registration desk, in Chinese and English") {
    const auto d =
        api::deviceJson("printer", deviceHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper));
    CHECK(d.at("device") == "printer");
    CHECK(d.at("health") == "critical");
    CHECK(d.at("code") == "printer_out_of_paper");
    CHECK(d.at("message_zh") == "取号机暂时缺纸，请到入口预登记窗口，工作人员会为您取号。");
    CHECK(std::string(d.at("message_en").as_string()).starts_with("The kiosk is out of paper."));
    CHECK(boost::json::serialize(d).find("DLE EOT") == std::string::npos);  // the detail stays technical
    CHECK(d.size() == 5);
}

TEST_CASE("no guidance for a healthy device, a code without a message, or another device's code") {
    const auto ok = api::deviceJson("printer", deviceHealth(hal::HealthLevel::ok, hal::Errc::ok));
    CHECK(ok.at("message_zh") == "");
    CHECK(ok.at("message_en") == "");
    const auto near_end = api::deviceJson(
        "printer", deviceHealth(hal::HealthLevel::warning, hal::Errc::printer_paper_near_end));
    CHECK(near_end.at("message_zh") == "");
    // "driver_unavailable" is the printer's text ("未配置打印机"): a missing camera must not say so.
    const auto camera =
        api::deviceJson("camera", deviceHealth(hal::HealthLevel::absent, hal::Errc::driver_unavailable));
    CHECK(camera.at("health") == "absent");
    CHECK(camera.at("message_zh") == "");
    CHECK(api::deviceJson("printer", deviceHealth(hal::HealthLevel::absent, hal::Errc::driver_unavailable))
              .at("message_zh") != "");
}

// ---- the POST /api/v1/tickets input

TEST_CASE("a tap's request is read from the key and the JSON body") {
    auto r =
        api::parseTicketRequest("2f0c6e1a-tap", R"({"service_id":"real_estate","priority":"confirmed"})");
    REQUIRE(r.has_value());
    CHECK(r->service_id == "real_estate");
    CHECK(r->priority == queue::Priority::confirmed);
    CHECK(r->idempotency_key == "2f0c6e1a-tap");
    CHECK(api::parseTicketRequest("k", R"({"service_id":"tax"})")->priority == queue::Priority::normal);
}

TEST_CASE("a missing or malformed Idempotency-Key is refused, so a double tap cannot make two tickets") {
    CHECK(api::parseTicketRequest("", R"({"service_id":"tax"})").error().code.name() ==
          "idempotency_key_required");
    CHECK(api::parseTicketRequest("has space", R"({"service_id":"tax"})").error().code.name() ==
          "idempotency_key_required");
    CHECK(api::parseTicketRequest(std::string(129, 'k'), R"({"service_id":"tax"})").error().code.name() ==
          "idempotency_key_required");
}

TEST_CASE("bodies that are not a service request are refused as bad_request") {
    for (const char* body :
         {"", "null", "[]", "{", R"({"service_id":7})", R"({"service_id":""})", R"({"id":"tax"})",
          R"({"service_id":"tax","priority":"vip"})", R"({"service_id":"tax","priority":1})",
          // Age is proven by the card, an appointment by the hall, a need by staff: never by a request.
          R"({"service_id":"tax","priority":"elderly"})", R"({"service_id":"tax","priority":"appointment"})",
          R"({"service_id":"tax","priority":"disabled"})"}) {
        auto r = api::parseTicketRequest("k", body);
        REQUIRE_FALSE(r.has_value());
        CHECK_MESSAGE(r.error().code.name() == "bad_request", body);
    }
    CHECK_FALSE(
        api::parseTicketRequest("k", R"({"service_id":")" + std::string(65, 'a') + R"("})").has_value());
}

// ---- POST /api/v1/tickets

TEST_CASE("a tap without an Idempotency-Key gets 400 idempotency_key_required and no ticket") {
    ApiBench b;
    const auto req = ticketPost(R"({"service_id":"commercial"})", "");
    const auto response = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(response.result_int() == 400);
    const auto error = errorOf(response);
    CHECK(error.at("code") == "idempotency_key_required");
    CHECK(error.at("message_zh") == "请求缺少防重复标识，请重新点击。");
    CHECK(b.printer.attempts == 0);
    CHECK(b.today().empty());
}

TEST_CASE("a priority ticket without pre-registration needs the technician's token; nothing prints before") {
    ApiBench b;
    auto req = ticketPost(R"({"service_id":"real_estate","priority":"confirmed"})", "claimed");
    const auto refused = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(refused.result_int() == 403);
    CHECK(errorOf(refused).at("code") == "priority_needs_technician");
    req.set(bhttp::field::authorization, "Bearer not-the-token");
    CHECK(testing::run(b.io, api::handleTicketsPost(b.tickets_api, req)).result_int() == 403);
    CHECK(b.printer.attempts == 0);
    CHECK(b.today().empty());
    // A normal ticket needs nothing.
    CHECK(testing::run(b.io, api::handleTicketsPost(b.tickets_api,
                                                    ticketPost(R"({"service_id":"commercial"})", "plain")))
              .result_int() == 201);
}

TEST_CASE("a tap gets 201 with the printed ticket, and the same tap again gets 200 with the same ticket") {
    ApiBench b;
    auto req = ticketPost(R"({"service_id":"real_estate","priority":"confirmed"})", "tap-1");
    req.set(bhttp::field::authorization,
            "Bearer " + b.technician_auth.issueToken().token);  // staff's priority
    const auto created = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    REQUIRE(created.result_int() == 201);
    CHECK(created[bhttp::field::content_type].starts_with("application/json"));
    const auto ticket = jsonOf(created);
    CHECK(ticket.at("number") == "B001");
    CHECK(ticket.at("category") == "real_estate");
    CHECK(ticket.at("priority") == "confirmed");
    CHECK(ticket.at("status") == "printed");
    CHECK(ticket.at("offline") == false);
    CHECK(ticket.at("windows") == boost::json::array{"4", "5"});
    CHECK(ticket.at("registration_id").is_null());
    CHECK(ticket.at("est_wait_range").as_array().size() == 2);
    const auto again = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(again.result_int() == 200);
    CHECK(jsonOf(again).at("id") == ticket.at("id"));
    CHECK(b.printer.printed.size() == 1);
}

TEST_CASE("a failed print answers 503 with the printer's code and sends the citizen to the desk") {
    ApiBench b;
    b.printer.failNextPrint(hal::Errc::printer_out_of_paper);
    const auto req = ticketPost(R"({"service_id":"commercial"})", "tap-1");
    const auto response = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(response.result_int() == 503);
    const auto error = errorOf(response);
    CHECK(error.at("code") == "printer_out_of_paper");
    CHECK(std::string_view(error.at("message_zh").as_string()).find("预登记窗口") != std::string_view::npos);
    // The retry with the same key is told the ticket was voided, not given a second one.
    const auto retry = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(retry.result_int() == 409);
    CHECK(errorOf(retry).at("code") == "ticket_voided");
}

TEST_CASE("a closed category answers 409 category_closed with when it next opens") {
    ApiBench b;
    const auto req = ticketPost(R"({"service_id":"tax-iit-enquiry"})", "tap-1");
    const auto response = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(response.result_int() == 409);
    const auto error = errorOf(response);
    CHECK(error.at("code") == "category_closed");
    CHECK(error.at("next_open") == "2026-11-30T08:30:00+08:00");  // Friday 10:00 → Monday 08:30
}

TEST_CASE("an unknown service answers 404, a malformed body 400, an unknown registration 404") {
    ApiBench b;
    const auto unknown = ticketPost(R"({"service_id":"no-such-thing"})", "tap-1");
    CHECK(errorOf(testing::run(b.io, api::handleTicketsPost(b.tickets_api, unknown))).at("code") ==
          "unknown_service");
    CHECK(testing::run(b.io, api::handleTicketsPost(b.tickets_api, unknown)).result_int() == 404);
    const auto malformed = ticketPost(R"({"service_id":7})", "tap-2");
    CHECK(testing::run(b.io, api::handleTicketsPost(b.tickets_api, malformed)).result_int() == 400);
    const auto registration =
        ticketPost(R"({"service_id":"re-transfer","registration_id":"R-nope"})", "tap-3");
    const auto response = testing::run(b.io, api::handleTicketsPost(b.tickets_api, registration));
    CHECK(response.result_int() == 404);
    CHECK(errorOf(response).at("code") == "unknown_registration");
    CHECK(b.printer.attempts == 0);
}

TEST_CASE("a ticket the store cannot write answers 503 storage_error") {
    ApiBench b;
    b.db.denyWrites("tickets");
    const auto req = ticketPost(R"({"service_id":"commercial"})", "tap-1");
    const auto response = testing::run(b.io, api::handleTicketsPost(b.tickets_api, req));
    CHECK(response.result_int() == 503);
    CHECK(errorOf(response).at("code") == "storage_error");
    CHECK(b.printer.attempts == 0);
}

// ---- GET /api/v1/catalog

TEST_CASE("the catalog shows the hall, open and closed categories, queues and the devices' guidance") {
    ApiBench b;
    b.printedTicket("commercial", "tap-1");
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper, "DLE EOT 4: 0x72");
    const auto req = request(bhttp::verb::get, "/api/v1/catalog");
    const auto response = testing::run(b.io, api::handleCatalogGet(b.catalog_api, req));
    REQUIRE(response.result_int() == 200);
    const auto catalog = jsonOf(response);
    CHECK(catalog.at("kiosk_id") == "test-k01");
    CHECK(catalog.at("hall").at("name_zh") == "测试行政服务中心");
    CHECK(catalog.at("now") == "2026-11-27T10:00:00+08:00");
    CHECK(catalog.at("technician") == true);
    CHECK(catalog.at("idle_timeout_s") == 60);
    bool saw_commercial = false, saw_tax = false;
    for (const auto& c : catalog.at("categories").as_array()) {
        if (c.at("id") == "commercial") {
            saw_commercial = true;
            CHECK(c.at("issuing") == true);
            CHECK(c.at("waiting") == 1);
        }
        if (c.at("id") == "tax") {
            saw_tax = true;
            CHECK(c.at("issuing") == false);
            CHECK(c.at("next_open") == "2026-11-30T08:30:00+08:00");
        }
    }
    CHECK(saw_commercial);
    CHECK(saw_tax);
    CHECK(catalog.at("rating_reasons").as_array().size() == 8);
    const auto& devices = catalog.at("devices").as_array();
    REQUIRE(devices.size() == 3);
    CHECK(devices[0].at("device") == "printer");
    CHECK(devices[0].at("code") == "printer_out_of_paper");
    CHECK(devices[0].at("message_zh") != "");
    CHECK(boost::json::serialize(catalog).find("DLE EOT") == std::string::npos);  // never the detail
}

TEST_CASE(
    "the catalog gives every window's hours for the coming week, with weekends, holidays and make-up days") {
    ApiBench b;
    b.hall.workdays.insert("2026-11-29");  // a Sunday worked with Monday's hours
    b.hall.holidays.insert("2026-11-30");  // a Monday off
    const auto catalog = jsonOf(testing::run(
        b.io, api::handleCatalogGet(b.catalog_api, request(bhttp::verb::get, "/api/v1/catalog"))));
    const auto& days = catalog.at("days").as_array();
    REQUIRE(days.size() == 7);
    CHECK(days[0] == boost::json::parse(R"({"date":"2026-11-27","weekday":4,"kind":"weekday"})"));
    CHECK(days[1].at("kind") == "weekend");
    CHECK(days[2].at("kind") == "makeup_workday");
    CHECK(days[3].at("kind") == "holiday");
    CHECK(days[6].at("date") == "2026-12-03");
    const auto& windows = catalog.at("windows").as_array();
    const auto tax = std::ranges::find_if(windows, [](const auto& w) { return w.at("number") == "15"; });
    REQUIRE(tax != windows.end());
    CHECK(tax->at("category") == "tax");
    CHECK(tax->at("hours") == boost::json::parse(R"([["08:30-08:31"],[],["08:30-08:31"],[],["08:30-08:31"],
                                                      ["08:30-08:31"],["08:30-08:31"]])"));
    for (const auto& c : catalog.at("categories").as_array()) {
        if (c.at("id") == "real_estate") CHECK(c.at("location_zh") == "二楼B区");
    }
}

TEST_CASE("a catalog the store cannot read answers with the store's error, not a half catalog") {
    ApiBench b;
    b.db.denyReads("tickets");
    const auto req = request(bhttp::verb::get, "/api/v1/catalog");
    const auto response = testing::run(b.io, api::handleCatalogGet(b.catalog_api, req));
    CHECK(response.result_int() == 503);
    CHECK(errorOf(response).at("code") == "storage_error");
}

// ---- the session

TEST_CASE("without a session the screen is told {\"active\": false}") {
    ApiBench b;
    const auto req = request(bhttp::verb::get, "/api/v1/session");
    const auto response = api::handleSessionGet(b.session_api, req);
    CHECK(response.result_int() == 200);
    CHECK(jsonOf(response) == boost::json::object{{"active", false}});
}

TEST_CASE("a card on the reader opens a session the screen sees masked, and DELETE ends it wiped") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    const auto get = request(bhttp::verb::get, "/api/v1/session");
    const auto view = jsonOf(api::handleSessionGet(b.session_api, get));
    CHECK(view.at("active") == true);
    CHECK(view.at("has_card") == true);
    CHECK(view.at("citizen").at("id_number_masked") == "330324********1230");
    CHECK(view.at("flow").at("step") == "choose");
    CHECK(view.at("citizen").at("name_masked") == "张*");
    CHECK_FALSE(view.at("citizen").as_object().contains("name"));  // in full only at the confirm step
    CHECK(boost::json::serialize(view).find("330324198506121230") == std::string::npos);
    CHECK(boost::json::serialize(view).find("19850612") == std::string::npos);
    const auto del = request(bhttp::verb::delete_, "/api/v1/session");
    CHECK(api::handleSessionDelete(b.session_api, del).result_int() == 204);
    CHECK_FALSE(b.sessions.active());
    CHECK(jsonOf(api::handleSessionGet(b.session_api, get)) == boost::json::object{{"active", false}});
}

TEST_CASE("a touch of the screen answers 204 and the session goes on, with or without one open") {
    ApiBench b;
    const auto touch = request(bhttp::verb::post, "/api/v1/session/touch");
    CHECK(api::handleTouchPost(b.session_api, touch).result_int() == 204);
    CHECK_FALSE(b.sessions.active());  // a touch opens nothing
    b.reader.place(testing::residentCard());
    CHECK(api::handleTouchPost(b.session_api, touch).result_int() == 204);
    CHECK(b.sessions.active());  // a touch never ends a session
}

TEST_CASE("elder mode doubles the idle time; anything but {\"on\": bool} is 400 bad_request") {
    ApiBench b;
    b.reader.place(testing::residentCard());
    const auto on = request(bhttp::verb::post, "/api/v1/session/elder-mode", R"({"on":true})");
    CHECK(api::handleElderModePost(b.session_api, on).result_int() == 204);
    const auto get = request(bhttp::verb::get, "/api/v1/session");
    CHECK(jsonOf(api::handleSessionGet(b.session_api, get)).at("idle_timeout_s") == 120);
    const auto bad = request(bhttp::verb::post, "/api/v1/session/elder-mode", R"({"on":"yes"})");
    const auto refused = api::handleElderModePost(b.session_api, bad);
    CHECK(refused.result_int() == 400);
    CHECK(errorOf(refused).at("code") == "bad_request");
    CHECK(jsonOf(api::handleSessionGet(b.session_api, get)).at("idle_timeout_s") == 120);
}

TEST_CASE("a ticket's JSON carries the paper's priority wording for the done screen, and none for normal") {
    store::Ticket t;
    t.priority = queue::Priority::elderly;
    auto o = api::ticketJson(t, nullptr);
    CHECK(o.at("priority") == "elderly");
    CHECK(o.at("priority_wording").at("zh") == "老年人优先");
    CHECK(o.at("priority_wording").at("en") == "Priority: senior citizen");
    t.priority = queue::Priority::normal;
    CHECK(api::ticketJson(t, nullptr).at("priority_wording").is_null());
}

namespace {

// TicketsApi built from these, with or without the technician's logins.
template <class Api>
concept ticketsApiWith = requires(const catalog::HallCatalog& hall, const Clock& clock,
                                  ticket::TicketService& tickets, prereg::RegistrationService& registrations,
                                  api::TechnicianAuth& technician) {
    Api{.hall = hall,
        .clock = clock,
        .tickets = tickets,
        .registrations = registrations,
        .technician = technician};
};
template <class Api>
concept ticketsApiWithoutTechnician = requires(const catalog::HallCatalog& hall, const Clock& clock,
                                               ticket::TicketService& tickets,
                                               prereg::RegistrationService& registrations) {
    Api{.hall = hall, .clock = clock, .tickets = tickets, .registrations = registrations};
};

}  // namespace

TEST_CASE(
    "a tickets API without the technician's logins does not compile: no claimed priority slips through") {
    static_assert(ticketsApiWith<api::TicketsApi>);
    static_assert(!ticketsApiWithoutTechnician<api::TicketsApi>);
    CHECK(ticketsApiWith<api::TicketsApi>);
}
