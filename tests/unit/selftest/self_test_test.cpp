// The self-test over fakes: every device and the hall link checked for real, each failure named with its
// reason.
#include <doctest/doctest.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <optional>

#include "fakes/fake_camera.hpp"
#include "fakes/fake_id_card_reader.hpp"
#include "selftest/self_test.hpp"
#include "ticket/ticket_bench.hpp"

using namespace yici;
using namespace std::chrono_literals;

namespace {

struct Bench : testing::TicketBench {
    testing::FakeIdCardReader reader;
    testing::FakeCamera camera;
    std::optional<std::chrono::steady_clock::time_point> last_frame;
    selftest::Targets targets{.tickets = &tickets,
                              .id_reader = [this] { return reader.health(); },
                              .privacy_key = [] { return testing::healthy(); },
                              .camera_last_frame = [this] { return last_frame; },
                              .hall = &hall_server,
                              .clock = &clock,
                              .wait = 300ms};

    Bench() {
        camera.start([this](hal::Frame frame) { last_frame = frame.at; });
        hall_server.otherwise(hall::HallResponse{200, R"({"acked":[]})"});
    }

    const selftest::Check& check(const selftest::Report& report, std::string_view name) {
        for (const auto& c : report.checks)
            if (c.name == name) return c;
        FAIL("no check named " << name);
        return report.checks.front();
    }
};

}  // namespace

TEST_CASE("a kiosk whose devices and hall answer passes, and the test ticket came out of the printer") {
    Bench b;
    bool streaming = true;
    // The camera streams at 50 fps while the self-test runs, as the driver does.
    auto stream = [&b, &streaming]() -> boost::asio::awaitable<void> {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
        while (streaming) {
            b.camera.deliver(testing::FakeCamera::grey(64, 48));
            timer.expires_after(20ms);
            co_await timer.async_wait(boost::asio::use_awaitable);
        }
    };
    boost::asio::co_spawn(b.io, stream(), boost::asio::detached);
    const auto report = testing::run(b.io, selftest::run(b.targets));
    for (const auto& c : report.checks) CHECK_MESSAGE(c.passed, c.name << ": " << c.detail);
    streaming = false;
    CHECK(report.passed);
    CHECK(b.printer.printed.size() == 1);
    REQUIRE(b.hall_server.calls.size() == 1);
    CHECK(b.hall_server.calls[0].what == "events");
    CHECK(b.today().empty());
}

TEST_CASE("each failure is named with its reason: printer fault, reader down, no frame, hall unreachable") {
    Bench b;
    b.printer.failNextPrint(hal::Errc::printer_cover_open);
    b.reader.setHealth(hal::HealthLevel::critical, hal::Errc::id_reader_timeout, "no reply in 3000 ms");
    b.hall_server.failure(hall::Errc::hall_unreachable, "connect hall.example:443: refused");
    const auto report = testing::run(b.io, selftest::run(b.targets));
    CHECK_FALSE(report.passed);
    CHECK(b.check(report, "printer").detail.starts_with("printer_cover_open"));
    CHECK_FALSE(b.check(report, "id_reader").passed);
    CHECK(b.check(report, "id_reader").detail == "It is critical (id_reader_timeout): no reply in 3000 ms.");
    CHECK(b.check(report, "camera").detail == "No frame arrived within 300 ms.");
    CHECK(b.check(report, "hall_link").detail == "hall_unreachable: connect hall.example:443: refused");
    CHECK(b.check(report, "clock").passed);
}

TEST_CASE("a hall that answers too slowly or with an HTTP error fails the hall link check") {
    Bench b;
    b.hall_server.slow(2s).answer(500, "oops");
    CHECK(b.check(testing::run(b.io, selftest::run(b.targets)), "hall_link")
              .detail.starts_with("hall_timeout"));
    CHECK(b.check(testing::run(b.io, selftest::run(b.targets)), "hall_link").detail ==
          "The hall server answered HTTP 500.");
}

TEST_CASE("a standalone kiosk says its hall link check was skipped, instead of leaving it out") {
    Bench b;
    b.targets.hall = nullptr;
    const auto report = testing::run(b.io, selftest::run(b.targets));
    const selftest::Check& hall = b.check(report, "hall_link");
    CHECK(hall.skipped);
    CHECK(hall.passed);
    CHECK(hall.detail == "Skipped: standalone (no [hall] url), the kiosk numbers its own tickets.");
    const auto json = selftest::toJson(report);
    CHECK(json.at("checks").as_array().back().at("skipped") == false);  // the clock: checked
}
