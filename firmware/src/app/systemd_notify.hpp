// systemd's service notifications (sd_notify(3), libsystemd): "READY=1", "WATCHDOG=1", "STOPPING=1".
// Outside systemd (no $NOTIFY_SOCKET: tests, the simulator) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace yici::app {

class SystemdNotifier {
  public:
    // Reads the watchdog interval systemd set for this process ($WATCHDOG_USEC, $WATCHDOG_PID).
    SystemdNotifier();

    // Sends one message; false when there is no socket or the send failed.
    bool notify(std::string_view message);
    // How often systemd wants WATCHDOG=1 (half its WatchdogSec=, as sd_watchdog_enabled(3) advises); nullopt
    // when no watchdog is set for this process.
    std::optional<std::chrono::microseconds> watchdogInterval() const { return watchdog_interval_; }

  private:
    std::optional<std::chrono::microseconds> watchdog_interval_;
};

}  // namespace yici::app
