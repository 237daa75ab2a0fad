// The self-test's checks of each configured device and the hall link, each pass or fail with the reason.
#include "selftest/self_test.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>

#include <fmt/format.h>

#include "selftest/internal/log.hpp"
#include "ticket/clock_check.hpp"

namespace yici::selftest {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

asio::awaitable<void> pause(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(duration);
    co_await timer.async_wait(asio::use_awaitable);
}

// "It answers." or "It is absent (id_reader_unreachable): cannot open /dev/ttyUSB0."
std::string healthText(const hal::Health& h) {
    if (h.level == hal::HealthLevel::ok && h.detail.empty()) return "It answers.";
    std::string text = h.level == hal::HealthLevel::ok
                           ? fmt::format("It answers: {}", h.detail)
                           : fmt::format("It is {} ({}){}{}", hal::levelName(h.level), h.code,
                                         h.detail.empty() ? "" : ": ", h.detail);
    if (!text.ends_with('.')) text += '.';
    return text;
}

asio::awaitable<Check> printer(const Targets& t) {
    auto printed = co_await t.tickets->printTest();
    if (!printed)
        co_return Check{"printer", false,
                        fmt::format("{}: {}", printed.error().code, printed.error().message)};
    co_return Check{"printer", true, "A test ticket was printed and cut."};
}

// A device whose driver polls it all the time: ok now, or within the wait (a reconnect in progress).
asio::awaitable<Check> polled(std::string name, const std::function<hal::Health()>& health,
                              std::chrono::milliseconds wait) {
    const auto until = Steady::now() + wait;
    hal::Health h = health();
    while (h.level != hal::HealthLevel::ok && Steady::now() < until) {
        co_await pause(100ms);
        h = health();
    }
    co_return Check{std::move(name), h.level == hal::HealthLevel::ok, healthText(h)};
}

asio::awaitable<Check> camera(const Targets& t) {
    const auto asked = Steady::now();
    const auto until = asked + t.wait;
    while (Steady::now() < until) {
        if (const auto at = t.camera_last_frame(); at && *at >= asked)
            co_return Check{"camera", true, "A new frame arrived."};
        co_await pause(50ms);
    }
    co_return Check{"camera", false, fmt::format("No frame arrived within {} ms.", t.wait.count())};
}

asio::awaitable<Check> hallLink(const Targets& t) {
    // An empty batch of events: the hall answers it like any other and nothing is recorded.
    auto answer = co_await t.hall->post("events", R"({"events":[]})", t.wait, {});
    if (!answer)
        co_return Check{"hall_link", false,
                        fmt::format("{}: {}", answer.error().code, answer.error().message)};
    if (answer->status != 200)
        co_return Check{"hall_link", false, fmt::format("The hall server answered HTTP {}.", answer->status)};
    co_return Check{"hall_link", true, "The hall server answered."};
}

Check clock(const Targets& t) {
    const TimePoint now = t.clock->now();
    const std::string local = toLocal(now).iso8601();
    if (now < ticket::clock_floor)
        return {"clock", false,
                "It says " + local + ", before 2026: set the clock and check the RTC battery."};
    return {"clock", true, "It says " + local + "."};
}

}  // namespace

asio::awaitable<Report> run(const Targets& t) {
    Report report;
    report.checks.push_back(co_await printer(t));
    if (t.id_reader) report.checks.push_back(co_await polled("id_reader", t.id_reader, t.wait));
    if (t.camera_last_frame) report.checks.push_back(co_await camera(t));
    report.checks.push_back(co_await polled("privacy_key", t.privacy_key, 0ms));
    if (t.hall != nullptr) {
        report.checks.push_back(co_await hallLink(t));
    } else {
        report.checks.push_back({"hall_link", true,
                                 "Skipped: standalone (no [hall] url), the kiosk numbers its own tickets.",
                                 true});
    }
    report.checks.push_back(clock(t));
    report.passed =
        std::all_of(report.checks.begin(), report.checks.end(), [](const Check& c) { return c.passed; });
    auto& logger = log();
    for (const Check& c : report.checks) {
        if (c.passed) {
            logger->info("self-test {}: pass ({})", c.name, c.detail);
        } else {
            logger->warn("self-test {}: FAIL ({})", c.name, c.detail);
        }
    }
    co_return report;
}

json::object toJson(const Report& report) {
    json::array checks;
    for (const Check& c : report.checks)
        checks.push_back(json::object{
            {"name", c.name}, {"passed", c.passed}, {"skipped", c.skipped}, {"detail", c.detail}});
    return json::object{{"passed", report.passed}, {"checks", std::move(checks)}};
}

}  // namespace yici::selftest
