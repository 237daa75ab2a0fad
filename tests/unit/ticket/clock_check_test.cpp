// When the clock may date a ticket: not before it was synchronised (a board without RTC), never before the
// newest committed ticket.
#include <doctest/doctest.h>

#include <fstream>

#include "testing.hpp"
#include "ticket/clock_check.hpp"
#include "ticket/errors.hpp"

using namespace yici;

TEST_CASE("a clock behind the newest ticket is critical until it catches up") {
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    const std::int64_t at_ten =
        std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
    ticket::ClockCheck check(clock, {.rtc = true, .synchronized_file = {}, .newest_ticket_unix = at_ten});
    CHECK(check.health().level == hal::HealthLevel::ok);
    clock.set(testing::shanghai(2026, 11, 27, 9, 0));  // back an hour, after a restart
    const auto behind = check.health();
    CHECK(behind.level == hal::HealthLevel::critical);
    CHECK(behind.code == ticket::Errc::clock_behind);
    CHECK(behind.detail.find("2026-11-27T09:00:00+08:00") != std::string::npos);
    CHECK(behind.detail.find("2026-11-27T10:00:00+08:00") != std::string::npos);
    clock.set(testing::shanghai(2026, 11, 27, 10, 0));
    CHECK(check.health().level == hal::HealthLevel::ok);
    // A ticket committed while running moves the mark on.
    check.committed(at_ten + 3600);
    clock.set(testing::shanghai(2026, 11, 27, 10, 30));
    CHECK(check.health().code == ticket::Errc::clock_behind);
}

TEST_CASE("a board without RTC waits for the synchronised flag, and keeps it once seen") {
    testing::TempDir dir;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    const auto flag = dir.path() / "synchronized";
    ticket::ClockCheck check(clock, {.rtc = false, .synchronized_file = flag, .newest_ticket_unix = 0});
    const auto waiting = check.health();
    CHECK(waiting.level == hal::HealthLevel::critical);
    CHECK(waiting.code == ticket::Errc::clock_not_synchronized);
    CHECK(waiting.detail.find(flag.string()) != std::string::npos);
    std::ofstream{flag};
    CHECK(check.health().level == hal::HealthLevel::ok);
    std::filesystem::remove(flag);
    CHECK(check.health().level == hal::HealthLevel::ok);
    // A board with an RTC never waits for it.
    ticket::ClockCheck rtc(clock, {.rtc = true, .synchronized_file = flag, .newest_ticket_unix = 0});
    CHECK(rtc.health().level == hal::HealthLevel::ok);
}

TEST_CASE("a clock never set is not trusted; a ticket dated far ahead by a wrong clock stops nothing") {
    testing::FakeClock clock{testing::shanghai(2000, 1, 1, 8, 0)};  // an RTC with a flat battery
    const auto unix = [&](TimePoint t) {
        return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    };
    ticket::ClockCheck check(clock, {.rtc = true, .synchronized_file = {}, .newest_ticket_unix = 0});
    const auto unset = check.health();
    CHECK(unset.level == hal::HealthLevel::critical);
    CHECK(unset.code == ticket::Errc::clock_not_synchronized);
    CHECK(unset.detail.find("before 2026") != std::string::npos);
    // The clock once read 2037 (a garbled RTC) and a ticket was issued then; now it is right again. Waiting
    // for 2037 would stop the kiosk for years: a warning for the technician, and tickets go on.
    check.committed(unix(testing::shanghai(2037, 6, 1, 9, 0)));
    clock.set(testing::shanghai(2026, 11, 27, 10, 0));
    const auto ahead = check.health();
    CHECK(ahead.level == hal::HealthLevel::warning);
    CHECK(ahead.code == ticket::Errc::clock_behind);
    CHECK(ahead.usable());
    // Behind by at most a day: it waits (critical), as above.
    ticket::ClockCheck recent(clock, {.rtc = true,
                                      .synchronized_file = {},
                                      .newest_ticket_unix = unix(testing::shanghai(2026, 11, 28, 9, 59))});
    CHECK(recent.health().level == hal::HealthLevel::critical);
}
