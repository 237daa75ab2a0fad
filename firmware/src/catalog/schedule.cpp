// Opening-hours arithmetic in local time.
#include "catalog/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "config/errors.hpp"

namespace yici::catalog {

std::vector<TimeRange> hoursOn(const HallCatalog& hall, const WeekHours& week, const LocalTime& day) {
    const std::string date = day.date();
    if (hall.holidays.contains(date)) return {};
    if (hall.workdays.contains(date)) return week[0];
    return week[static_cast<std::size_t>(day.weekday)];
}

int servingWindows(const HallCatalog& hall, const Category& category, TimePoint now) {
    const LocalTime today = toLocal(now);
    int open_now = 0;
    int open_today = 0;
    for (const std::string& window : category.windows) {
        const auto ranges = hoursOn(hall, category.hoursOf(window), today);
        if (!ranges.empty()) ++open_today;
        if (std::any_of(ranges.begin(), ranges.end(), [&](const TimeRange& r) {
                return today.minute_of_day >= r.start_min && today.minute_of_day < r.end_min;
            })) {
            ++open_now;
        }
    }
    return std::max(1, open_now > 0 ? open_now : open_today);
}

Availability availability(const HallCatalog& hall, const Category& category, TimePoint now) {
    const LocalTime today = toLocal(now);
    for (const TimeRange& range : hoursOn(hall, category.hours, today)) {
        if (today.minute_of_day >= range.start_min &&
            today.minute_of_day < range.end_min - hall.issuing_cutoff_min) {
            return {true, std::nullopt};
        }
    }
    // Look ahead up to two weeks (long holidays) for the next range that still has issuing time.
    for (int offset = 0; offset <= 14; ++offset) {
        const LocalTime day = toLocal(now + std::chrono::hours(24 * offset));
        for (const TimeRange& range : hoursOn(hall, category.hours, day)) {
            if (range.end_min - hall.issuing_cutoff_min <= range.start_min) continue;
            const TimePoint opens = fromLocal(day.year, day.month, day.day, range.start_min);
            if (opens > now) return {false, opens};
        }
    }
    return {false, std::nullopt};
}

hal::Health calendarHealth(const HallCatalog& hall, const LocalTime& today) {
    using namespace std::chrono;
    const int last = hall.calendar_years.empty() ? 0 : *hall.calendar_years.rbegin();
    if (!hall.calendar_years.contains(today.year)) {
        return {
            hal::HealthLevel::critical,
            config::Errc::calendar_not_covered,
            fmt::format("today ({}) is outside the hall file's calendar_years (up to {}): its holidays and "
                        "make-up working days are unknown; update the hall file",
                        today.date(), last),
            {}};
    }
    const auto days_left = (sys_days{year{last} / December / 31} -
                            sys_days{year{today.year} / month{static_cast<unsigned>(today.month)} /
                                     day{static_cast<unsigned>(today.day)}})
                               .count();
    if (today.year == last && days_left <= calendar_warning_days) {
        return {
            hal::HealthLevel::warning,
            config::Errc::calendar_expiring,
            fmt::format("the hall file's calendar ends on {}-12-31: add {}'s holidays and make-up working "
                        "days (calendar_years) before then",
                        last, last + 1),
            {}};
    }
    return {hal::HealthLevel::ok, hal::Errc::ok, "", {}};
}

}  // namespace yici::catalog
