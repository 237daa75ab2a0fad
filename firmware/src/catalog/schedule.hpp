// When a category issues tickets: its hours on that local day, holidays, make-up working days, and the
// issuing cut-off before each closing; and whether the hall file's calendar still covers today.
#pragma once

#include <optional>
#include <vector>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "yici/hal/health.hpp"

namespace yici::catalog {

struct Availability {
    bool issuing = false;
    std::optional<TimePoint> next_open;  // set when not issuing: the next instant it will issue
};

// The opening ranges of a week's hours on one local date (holidays closed, make-up days as Monday).
std::vector<TimeRange> hoursOn(const HallCatalog& hall, const WeekHours& week, const LocalTime& day);

Availability availability(const HallCatalog& hall, const Category& category, TimePoint now);

// How many of the category's windows are serving at `now` (opening hours, not the issuing cut-off). After
// closing, windows still serve the tickets issued before it: then every window that opened today counts,
// and at least one.
int servingWindows(const HallCatalog& hall, const Category& category, TimePoint now);

// How many days before the last day of its last covered year the calendar starts to warn (the hall needs the
// next year's holidays).
inline constexpr int calendar_warning_days = 45;

// The hall calendar's health on local day `today` (a health entry, "calendar", on /health and the technician
// screen; never shown to citizens): ok; warning calendar_expiring from calendar_warning_days before the end
// of the last year in calendar_years; critical calendar_not_covered on a day of a year it does not list (its
// holidays and make-up working days are unknown, so weekend and holiday hours may be wrong).
hal::Health calendarHealth(const HallCatalog& hall, const LocalTime& today);

}  // namespace yici::catalog
