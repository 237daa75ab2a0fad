// systemd's service notification protocol (sd_notify(3)) without libsystemd: datagrams such as "READY=1" and
// "WATCHDOG=1" to the AF_UNIX socket named by $NOTIFY_SOCKET. Outside systemd (no $NOTIFY_SOCKET) every call
// does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace yici::app {

class SystemdNotifier {
  public:
    // Reads $NOTIFY_SOCKET ("/path" or "@abstract") and $WATCHDOG_USEC (with $WATCHDOG_PID, when set, naming
    // this process).
    SystemdNotifier();
    ~SystemdNotifier();
    SystemdNotifier(const SystemdNotifier&) = delete;
    SystemdNotifier& operator=(const SystemdNotifier&) = delete;

    // Sends one message ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=…"); never blocks. False when there
    // is no socket or the send failed.
    bool notify(std::string_view message);
    // How often systemd wants WATCHDOG=1 (half its WatchdogSec=, as sd_watchdog_enabled(3) advises); nullopt
    // when no watchdog is set for this process.
    std::optional<std::chrono::microseconds> watchdogInterval() const { return watchdog_interval_; }

  private:
    int fd_ = -1;
    std::string address_;  // the socket's path; a leading '\0' for an abstract name
    std::optional<std::chrono::microseconds> watchdog_interval_;
};

}  // namespace yici::app
