// The health and log line of a device yicid could not open.
#include "app/device_slot.hpp"

#include "app/log.hpp"

namespace yici::app {
hal::Health unavailable(const Error& error) {
    hal::Health h;
    h.level = hal::HealthLevel::absent;
    h.code = error.code;
    h.detail = error.message;
    h.since = std::chrono::system_clock::now();
    return h;
}

void logDeviceUnavailable(std::string_view kind, const Error& error) {
    log()->error("{}: {}", kind, error.message);
}

}  // namespace yici::app
