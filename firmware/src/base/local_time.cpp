// Local time through the C library's zoneinfo support (g++ 12 has no std::chrono::zoned_time).
#include "base/local_time.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <string>

namespace yici {

void setProcessTimezone(std::string_view zone) {
    ::setenv("TZ", std::string(zone).c_str(), 1);
    ::tzset();
}

LocalTime toLocal(TimePoint t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    ::localtime_r(&seconds, &tm);
    LocalTime out;
    out.year = tm.tm_year + 1900;
    out.month = tm.tm_mon + 1;
    out.day = tm.tm_mday;
    out.weekday = (tm.tm_wday + 6) % 7;
    out.minute_of_day = tm.tm_hour * 60 + tm.tm_min;
    out.second = tm.tm_sec;
    out.utc_offset_s = tm.tm_gmtoff;
    return out;
}

TimePoint fromLocal(int year, int month, int day, int minute_of_day) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = minute_of_day / 60;
    tm.tm_min = minute_of_day % 60;
    tm.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(::mktime(&tm));
}

std::string LocalTime::date() const {
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}
std::string LocalTime::compactDate() const {
    return fmt::format("{:04}{:02}{:02}", year, month, day);
}
std::string LocalTime::hhmm() const {
    return fmt::format("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60);
}

std::string LocalTime::iso8601() const {
    const long offset_min = utc_offset_s / 60;
    const char sign = offset_min < 0 ? '-' : '+';
    const long abs_min = offset_min < 0 ? -offset_min : offset_min;
    return fmt::format("{}T{}:{:02}{}{:02}:{:02}", date(), hhmm(), second, sign, abs_min / 60, abs_min % 60);
}

}  // namespace yici
