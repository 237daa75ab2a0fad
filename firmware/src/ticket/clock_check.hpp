// Whether the wall clock may date a ticket. A ticket's day, number and place in the queue come from the
// clock: a clock not yet synchronised (a board without a real-time clock, before NTP) or behind the newest
// committed ticket (it went back) would put tickets on the wrong day or before ones already issued, so
// tickets wait until it is right.
#pragma once

#include <cstdint>
#include <filesystem>

#include "base/local_time.hpp"
#include "yici/hal/health.hpp"

namespace yici::ticket {

// Before it, the clock was never set (an RTC with a flat battery starts in 2000 or 1970).
inline constexpr std::chrono::sys_days clock_floor{std::chrono::year{2026} / 1 / 1};
// A clock behind the newest ticket by at most this much waits for it; by more, that ticket was dated by a
// wrong clock (an RTC read as 2037) and waiting would stop the kiosk for years: tickets go on, with a
// warning.
inline constexpr std::chrono::hours longest_wait{24};

class ClockCheck {
  public:
    struct Settings {
        bool rtc = true;                          // [kiosk] rtc: the board keeps the time while off
        std::filesystem::path synchronized_file;  // exists once the clock was synchronised (without an RTC)
        std::int64_t newest_ticket_unix = 0;      // the newest committed ticket's time, at start-up
    };

    ClockCheck(const Clock& clock, Settings settings);

    // ok; critical clock_not_synchronized (not yet synchronised, or before clock_floor) or clock_behind (at
    // most longest_wait behind the newest ticket); warning clock_behind (further behind). The detail says
    // why.
    hal::Health health() const;
    // A ticket committed at `issued_at_unix`: the clock may not go back before it.
    void committed(std::int64_t issued_at_unix);

  private:
    const Clock& clock_;
    Settings settings_;
    mutable bool synchronized_;  // once seen, stays (the file goes only with a reboot)
};

}  // namespace yici::ticket
