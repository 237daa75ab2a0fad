// When a category issues tickets: its hours on that local day, holidays, make-up working days, and the
// issuing cut-off before each closing.
#pragma once

#include <optional>
#include <vector>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"

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

}  // namespace yici::catalog
