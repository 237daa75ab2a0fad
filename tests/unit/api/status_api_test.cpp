// The status listener without a socket: /health's verdict and what it shows (never personal data), /metrics,
// and the bearer token the hall server must send.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>

#include "api/status_api.hpp"
#include "fakes/fake_camera.hpp"
#include "fakes/fake_id_card_reader.hpp"
#include "fakes/fake_printer.hpp"
#include "testing.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

http::Request get(std::string_view target, std::string authorization = "") {
    http::Request r(http::beast_http::verb::get, target, 11);
    if (!authorization.empty()) r.set(http::beast_http::field::authorization, authorization);
    return r;
}

hal::Health ok() {
    hal::Health h;
    h.level = hal::HealthLevel::ok;
    h.code = hal::Errc::ok;
    return h;
}

// A status listener over fake devices, as yicid lists them.
struct StatusBench {
    metrics::Registry registry;
    const api::StatusMetrics metrics{registry};
    const metrics::Counter idcard_reads =
        registry.counter("yici_idcard_reads_total", "ID-card reads by result.");
    testing::FakePrinter printer;
    testing::FakeIdCardReader reader;
    testing::FakeCamera camera;
    api::StatusApi status{.metrics = metrics};

    StatusBench() {
        status.kiosk_id = "test-k01";
        status.version = "1.2.3";
        status.started = std::chrono::steady_clock::now() - std::chrono::seconds(42);
        status.devices.push_back({"printer", [this] { return printer.health(); }, true});
        status.devices.push_back({"id_reader", [this] { return reader.health(); }, false});
        status.devices.push_back({"camera", [this] { return camera.health(); }, false});
    }
};

hal::IdCard card() {
    hal::IdCard c;
    c.name = "张三";
    c.address = "浙江省温州市永嘉县上塘镇县前路1号";
    c.id_number = "330324198506121230";
    return c;
}

}  // namespace

TEST_CASE("/health shows each device's level, code and detail with the kiosk's identity") {
    StatusBench b;
    b.camera.setHealth(hal::HealthLevel::warning, hal::Errc::camera_no_frames, "no frame for 3 s");
    const auto response = api::handleHealthGet(b.status, get("/health"));
    REQUIRE(response.result_int() == 200);
    const auto body = boost::json::parse(response.body());
    CHECK(body.at("status") == "degraded");  // a device not ok, none essential down
    CHECK(body.at("kiosk_id") == "test-k01");
    CHECK(body.at("version") == "1.2.3");
    CHECK(body.at("uptime_s").as_int64() >= 42);
    CHECK(body.at("devices").at("printer").at("health") == "ok");
    CHECK(body.at("devices").at("camera").at("code") == "camera_no_frames");
    CHECK(body.at("devices").at("camera").at("detail") == "no frame for 3 s");
    CHECK(body.at("devices").at("camera").at("since").is_null());
    CHECK_FALSE(body.as_object().contains("outbox"));  // a hall without a server
}

TEST_CASE("/health is down when the essential printer cannot print, however the others are") {
    StatusBench b;
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_out_of_paper, "DLE EOT 4: 0x72");
    const auto body = boost::json::parse(api::handleHealthGet(b.status, get("/health")).body());
    CHECK(body.at("status") == "down");
    CHECK(body.at("devices").at("printer").at("code") == "printer_out_of_paper");
    b.printer.setHealth(hal::HealthLevel::ok, hal::Errc::ok);
    b.reader.setHealth(hal::HealthLevel::critical, hal::Errc::id_reader_timeout);
    CHECK(boost::json::parse(api::handleHealthGet(b.status, get("/health")).body()).at("status") ==
          "degraded");
}

TEST_CASE("/health carries no personal data, even while a citizen's card is on the reader") {
    StatusBench b;
    std::string seen;  // what the session would get
    b.reader.start({.card_present = [&seen](const hal::IdCard& c,
                                            std::chrono::steady_clock::duration) { seen = c.id_number; },
                    .card_removed = {},
                    .card_error = {}});
    b.reader.place(card());
    REQUIRE(seen == "330324198506121230");
    const std::string text = api::handleHealthGet(b.status, get("/health")).body();
    for (const char* personal : {"张三", "330324198506121230", "330324", "县前路"})
        CHECK_MESSAGE(text.find(personal) == std::string::npos, personal);
    const std::string metrics = api::handleMetricsGet(b.status, get("/metrics")).body();
    CHECK(metrics.find("330324") == std::string::npos);
}

TEST_CASE("/metrics sets one health gauge per device and level, the outbox and the collectors' counters") {
    StatusBench b;
    b.printer.setHealth(hal::HealthLevel::critical, hal::Errc::printer_cover_open);
    b.status.outbox = [] { return api::OutboxStatus{7, 30, false, {}}; };
    b.status.collectors.push_back([&b] { b.idcard_reads.set({{"result", "ok"}}, 3); });
    const auto response = api::handleMetricsGet(b.status, get("/metrics"));
    REQUIRE(response.result_int() == 200);
    CHECK(response[http::beast_http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
    const std::string text = response.body();
    CHECK(text.find(R"(yici_device_health{device="printer",health="critical"} 1)") != std::string::npos);
    CHECK(text.find(R"(yici_device_health{device="printer",health="ok"} 0)") != std::string::npos);
    CHECK(text.find(R"(yici_device_health{device="camera",health="ok"} 1)") != std::string::npos);
    CHECK(text.find("yici_outbox_pending 7") != std::string::npos);
    CHECK(text.find(R"(yici_idcard_reads_total{result="ok"} 3)") != std::string::npos);
    CHECK(text.find("yici_uptime_seconds 4") != std::string::npos);  // 42.x s
}

TEST_CASE("off loopback, /health and /metrics answer 401 without the token, with nothing to help a guesser") {
    StatusBench b;
    b.status.token = "0123456789abcdef-token";
    http::Router router;
    api::addStatusRoutes(router, b.status);
    boost::asio::io_context io;
    for (const char* target : {"/health", "/metrics"}) {
        const auto refused = testing::run(io, router.dispatch(get(target)));
        CHECK(refused.result_int() == 401);
        CHECK(refused[http::beast_http::field::www_authenticate] == "Bearer");
        CHECK(refused.body().empty());
        const auto allowed = testing::run(io, router.dispatch(get(target, "Bearer 0123456789abcdef-token")));
        CHECK(allowed.result_int() == 200);
    }
}

TEST_CASE("/health turns degraded when the hall has not taken an event for too long, and shows the outbox") {
    metrics::Registry registry;
    const api::StatusMetrics metrics(registry);
    api::StatusApi status{.metrics = metrics};
    status.devices.push_back({"printer", [] { return ok(); }, true});
    api::OutboxStatus outbox{3, 12, false, {}};
    status.outbox = [&outbox] { return outbox; };
    auto body = boost::json::parse(api::handleHealthGet(status, get("/health")).body());
    CHECK(body.at("status") == "ok");
    CHECK(body.at("outbox").at("pending") == 3);
    CHECK(body.at("outbox").at("oldest_age_s") == 12);
    outbox = {3, 400, true, {}};
    body = boost::json::parse(api::handleHealthGet(status, get("/health")).body());
    CHECK(body.at("status") == "degraded");
}

TEST_CASE("the bearer token: exact match only; no token needed on loopback") {
    metrics::Registry registry;
    const api::StatusMetrics metrics(registry);
    api::StatusApi status{.metrics = metrics};
    CHECK(api::authorized(status, get("/health")));
    status.token = "0123456789abcdef-token";
    CHECK(api::authorized(status, get("/health", "Bearer 0123456789abcdef-token")));
    CHECK_FALSE(api::authorized(status, get("/health")));
    CHECK_FALSE(api::authorized(status, get("/health", "Bearer 0123456789abcdef-toke")));
    CHECK_FALSE(api::authorized(status, get("/health", "Bearer 0123456789abcdef-tokenX")));
    CHECK_FALSE(api::authorized(status, get("/health", "bearer 0123456789abcdef-token")));
    CHECK_FALSE(api::authorized(status, get("/health", "Basic 0123456789abcdef-token")));
}

TEST_CASE(
    "POST /selftest takes the technician's own token, not the hall's, and starts at most once a minute") {
    StatusBench b;
    b.status.token = "0123456789abcdef-hall";
    auto now = std::chrono::steady_clock::now();
    b.status.now = [&now] { return now; };
    int runs = 0;
    b.status.self_test = [&runs]() -> boost::asio::awaitable<selftest::Report> {
        ++runs;  // each real run prints a test ticket
        co_return selftest::Report{};
    };
    http::Router router;
    api::addStatusRoutes(router, b.status);
    boost::asio::io_context io;
    auto post = [&](std::string authorization) {
        http::Request r(http::beast_http::verb::post, "/selftest", 11);
        if (!authorization.empty()) r.set(http::beast_http::field::authorization, authorization);
        return testing::run(io, router.dispatch(r));
    };
    // Without a self-test token on the board, the hall's token does not run it off loopback.
    const auto disabled = post("Bearer 0123456789abcdef-hall");
    CHECK(disabled.result_int() == 403);
    CHECK(disabled.body().find("selftest_disabled") != std::string::npos);

    b.status.selftest_token = "fedcba9876543210-tech";
    CHECK(post("Bearer 0123456789abcdef-hall").result_int() == 401);
    CHECK(post("").result_int() == 401);
    CHECK(runs == 0);
    CHECK(post("Bearer fedcba9876543210-tech").result_int() == 200);
    CHECK(runs == 1);
    now += std::chrono::seconds(20);
    const auto soon = post("Bearer fedcba9876543210-tech");
    CHECK(soon.result_int() == 429);
    CHECK(soon[http::beast_http::field::retry_after] == "40");
    CHECK(boost::json::parse(soon.body()).at("retry_after_s") == 40);
    CHECK(runs == 1);
    now += std::chrono::seconds(40);
    CHECK(post("Bearer fedcba9876543210-tech").result_int() == 200);
    CHECK(runs == 2);
}

TEST_CASE("on loopback with no tokens configured the technician's yicictl selftest needs none") {
    StatusBench b;
    int runs = 0;
    b.status.self_test = [&runs]() -> boost::asio::awaitable<selftest::Report> {
        ++runs;
        co_return selftest::Report{};
    };
    http::Router router;
    api::addStatusRoutes(router, b.status);
    boost::asio::io_context io;
    CHECK(testing::run(io, router.dispatch(http::Request(http::beast_http::verb::post, "/selftest", 11)))
              .result_int() == 200);
    CHECK(runs == 1);
}
