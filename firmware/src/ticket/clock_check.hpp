// Whether the wall clock may date a ticket. A ticket's day, number and place in the queue come from the
// clock: a clock not yet synchronised (a board without a real-time clock, before NTP) or behind the newest
// committed ticket (it went back) would put tickets on the wrong day or reuse a day's numbers, so tickets
// wait until it is right.
#pragma once

#include <cstdint>
#include <filesystem>

#include "base/local_time.hpp"
#include "yici/hal/health.hpp"

namespace yici::ticket {

class ClockCheck {
  public:
    struct Settings {
        bool rtc = true;                          // [kiosk] rtc: the board keeps the time while off
        std::filesystem::path synchronized_file;  // exists once the clock was synchronised (without an RTC)
        std::int64_t newest_ticket_unix = 0;      // the newest committed ticket's time, at start-up
    };

    ClockCheck(const Clock& clock, Settings settings);

    // ok; or critical clock_not_synchronized or clock_behind, the detail saying why and until when.
    hal::Health health() const;
    // A ticket committed at `issued_at_unix`: the clock may not go back before it.
    void committed(std::int64_t issued_at_unix);

  private:
    const Clock& clock_;
    Settings settings_;
    mutable bool synchronized_;  // once seen, stays (the file goes only with a reboot)
};

}  // namespace yici::ticket
