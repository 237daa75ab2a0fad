// systemd's service notifications through libsystemd.
#include "app/systemd_notify.hpp"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <string>

namespace yici::app {

SystemdNotifier::SystemdNotifier() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) watchdog_interval_ = std::chrono::microseconds(usec / 2);
}

bool SystemdNotifier::notify(std::string_view message) {
    return sd_notify(0, std::string(message).c_str()) > 0;
}

}  // namespace yici::app
