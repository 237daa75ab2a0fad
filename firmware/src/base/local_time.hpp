// Wall-clock time in the kiosk's time zone (tickets reset at local midnight, hours are local), and the
// clock seam that lets tests move time.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace yici {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
  public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

struct LocalTime {
    int year = 0, month = 0, day = 0;
    int weekday = 0;        // 0 Monday … 6 Sunday
    int minute_of_day = 0;  // 0 … 1439
    int second = 0;
    long utc_offset_s = 0;

    std::string date() const;         // "2026-11-27"
    std::string compactDate() const;  // "20261127"
    std::string iso8601() const;      // "2026-11-27T14:03:05+08:00"
    std::string hhmm() const;         // "14:03"
};

// The kiosk has one time zone for the whole process (from [kiosk] timezone). Call once at start-up.
void setProcessTimezone(std::string_view zone);

LocalTime toLocal(TimePoint t);
// Local midnight of the given date plus `minute_of_day`, back to an instant.
TimePoint fromLocal(int year, int month, int day, int minute_of_day);

}  // namespace yici
