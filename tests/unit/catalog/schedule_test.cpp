// Opening hours: weekend windows, holidays, make-up working days and the issuing cut-off.
#include <doctest/doctest.h>

#include "catalog/schedule.hpp"
#include "testing.hpp"

using namespace yici;
using testing::shanghai;

using testing::yongjia;

TEST_CASE("on a weekday morning every category issues") {
    const auto hall = yongjia();
    for (const auto& category : hall.categories) {
        CHECK(catalog::availability(hall, category, shanghai(2026, 11, 27, 9, 0)).issuing);  // a Friday
    }
}

TEST_CASE("on Sunday only real estate issues; the others say when they open") {
    const auto hall = yongjia();
    const auto sunday = shanghai(2026, 11, 29, 10, 0);
    CHECK(catalog::availability(hall, *hall.category("real_estate"), sunday).issuing);
    const auto tax = catalog::availability(hall, *hall.category("tax"), sunday);
    CHECK_FALSE(tax.issuing);
    REQUIRE(tax.next_open.has_value());
    CHECK(toLocal(*tax.next_open).date() == "2026-11-30");
    CHECK(toLocal(*tax.next_open).hhmm() == "08:30");
}

TEST_CASE("household and ID cards work on Saturday but not on Sunday") {
    const auto hall = yongjia();
    const auto& household = *hall.category("household_id");
    CHECK(catalog::availability(hall, household, shanghai(2026, 11, 28, 10, 0)).issuing);
    CHECK_FALSE(catalog::availability(hall, household, shanghai(2026, 11, 29, 10, 0)).issuing);
}

TEST_CASE("issuing stops before closing and the next opening is after lunch") {
    const auto hall = yongjia();
    const auto& commercial = *hall.category("commercial");
    const auto lunch = catalog::availability(hall, commercial, shanghai(2026, 11, 27, 11, 45));
    CHECK_FALSE(lunch.issuing);
    REQUIRE(lunch.next_open.has_value());
    CHECK(toLocal(*lunch.next_open).hhmm() == "13:30");
    const auto evening = catalog::availability(hall, commercial, shanghai(2026, 11, 27, 16, 45));
    CHECK_FALSE(evening.issuing);
    CHECK(toLocal(*evening.next_open).date() == "2026-11-30");  // Friday evening → Monday
}

TEST_CASE("a public holiday closes even the seven-day windows; a make-up Saturday opens the weekday ones") {
    const auto hall = yongjia();
    CHECK_FALSE(
        catalog::availability(hall, *hall.category("real_estate"), shanghai(2026, 10, 2, 10, 0)).issuing);
    CHECK(catalog::availability(hall, *hall.category("tax"), shanghai(2026, 10, 10, 10, 0)).issuing);
    const auto after_holiday =
        catalog::availability(hall, *hall.category("tax"), shanghai(2026, 10, 1, 10, 0));
    REQUIRE(after_holiday.next_open.has_value());
    CHECK(toLocal(*after_holiday.next_open).date() == "2026-10-08");
}

TEST_CASE("windows with their own hours: at the weekend real estate serves with two of its four windows") {
    const auto hall = yongjia();
    const auto& estate = *hall.category("real_estate");
    CHECK(catalog::servingWindows(hall, estate, shanghai(2026, 11, 27, 10, 0)) == 4);  // Friday
    CHECK(catalog::servingWindows(hall, estate, shanghai(2026, 11, 28, 10, 0)) == 2);  // Saturday
    CHECK(catalog::servingWindows(hall, estate, shanghai(2026, 11, 29, 10, 0)) == 2);  // Sunday
    // A make-up working Saturday uses weekday hours: all four windows.
    CHECK(catalog::servingWindows(hall, estate, shanghai(2026, 10, 10, 10, 0)) == 4);
}

TEST_CASE("after closing the windows that opened today keep serving the people still waiting") {
    const auto hall = yongjia();
    const auto& tax = *hall.category("tax");
    // 17:30 on a Friday: closed, but three windows worked today and finish the queue.
    CHECK_FALSE(catalog::availability(hall, tax, shanghai(2026, 11, 27, 17, 30)).issuing);
    CHECK(catalog::servingWindows(hall, tax, shanghai(2026, 11, 27, 17, 30)) == 3);
    // A public holiday: no window opened; the estimate still divides by one, never by zero.
    CHECK(catalog::servingWindows(hall, tax, shanghai(2026, 10, 1, 10, 0)) == 1);
}

TEST_CASE("the issuing cut-off: 16:29 issues, 16:30 does not, and the answer says Monday 08:30") {
    const auto hall = yongjia();
    const auto& social = *hall.category("social_security");
    CHECK(catalog::availability(hall, social, shanghai(2026, 11, 27, 16, 29)).issuing);
    const auto cut = catalog::availability(hall, social, shanghai(2026, 11, 27, 16, 30));
    CHECK_FALSE(cut.issuing);
    REQUIRE(cut.next_open.has_value());
    CHECK(toLocal(*cut.next_open).iso8601() == "2026-11-30T08:30:00+08:00");
}

TEST_CASE(
    "the calendar warns 45 days before its last year ends, and is critical on a day it does not cover") {
    auto hall = yongjia();  // calendar_years = [2026]
    const auto at = [&](int y, int m, int d) {
        return catalog::calendarHealth(hall, toLocal(shanghai(y, m, d, 9, 0)));
    };
    CHECK(at(2026, 11, 15).level == hal::HealthLevel::ok);
    const auto expiring = at(2026, 11, 16);  // 45 days before 2026-12-31
    CHECK(expiring.level == hal::HealthLevel::warning);
    CHECK(expiring.code.name() == "calendar_expiring");
    CHECK(expiring.detail.find("2027") != std::string::npos);
    CHECK(at(2026, 12, 31).level == hal::HealthLevel::warning);
    const auto outside = at(2027, 1, 4);  // a make-up working day, if the State Council names one
    CHECK(outside.level == hal::HealthLevel::critical);
    CHECK(outside.code.name() == "calendar_not_covered");
    CHECK(at(2025, 12, 31).level == hal::HealthLevel::critical);
    hall.calendar_years.insert(2027);  // the hall manager added next year
    CHECK(at(2026, 12, 31).level == hal::HealthLevel::ok);
    CHECK(at(2027, 1, 4).level == hal::HealthLevel::ok);
}
