// The clock's two faults, checked before each ticket and on /health.
#include "ticket/clock_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "ticket/errors.hpp"

namespace yici::ticket {

ClockCheck::ClockCheck(const Clock& clock, Settings settings)
    : clock_(clock), settings_(std::move(settings)), synchronized_(settings_.rtc) {}

hal::Health ClockCheck::health() const {
    const TimePoint now = clock_.now();
    if (!synchronized_) {
        std::error_code ec;
        synchronized_ = std::filesystem::exists(settings_.synchronized_file, ec);
    }
    if (!synchronized_) {
        return {
            hal::HealthLevel::critical,
            Errc::clock_not_synchronized,
            fmt::format("this board has no real-time clock and its clock ({}) was not synchronised yet ({} "
                        "is missing): tickets wait for NTP",
                        toLocal(now).iso8601(), settings_.synchronized_file.string()),
            {}};
    }
    if (now < clock_floor) {
        return {hal::HealthLevel::critical,
                Errc::clock_not_synchronized,
                fmt::format("the clock reads {}, before 2026: it was never set (RTC battery?)",
                            toLocal(now).iso8601()),
                {}};
    }
    const TimePoint newest{std::chrono::seconds(settings_.newest_ticket_unix)};
    if (now < newest && newest - now <= longest_wait) {
        return {
            hal::HealthLevel::critical,
            Errc::clock_behind,
            fmt::format("the clock ({}) is behind the newest ticket ({}): tickets wait until then, so that "
                        "none is dated before one already issued",
                        toLocal(now).iso8601(), toLocal(newest).iso8601()),
            {}};
    }
    if (now < newest) {
        return {hal::HealthLevel::warning,
                Errc::clock_behind,
                fmt::format(
                    "the newest ticket ({}) is more than a day ahead of the clock ({}): a wrong clock dated "
                    "it; tickets go on (each day's numbers count on, none repeats)",
                    toLocal(newest).iso8601(), toLocal(now).iso8601()),
                {}};
    }
    return {hal::HealthLevel::ok, hal::Errc::ok, "", {}};
}

void ClockCheck::committed(std::int64_t issued_at_unix) {
    settings_.newest_ticket_unix = std::max(settings_.newest_ticket_unix, issued_at_unix);
}

}  // namespace yici::ticket
