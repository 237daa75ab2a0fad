// Health levels and the tracker that remembers since when a device is in its state.
#include "yici/hal/health.hpp"

namespace yici::hal {

std::string_view levelName(HealthLevel level) {
    switch (level) {
        case HealthLevel::ok:
            return "ok";
        case HealthLevel::warning:
            return "warning";
        case HealthLevel::critical:
            return "critical";
        case HealthLevel::absent:
            return "absent";
    }
    return "absent";
}

bool HealthTracker::set(HealthLevel level, ErrorCode code, std::string detail,
                        std::chrono::system_clock::time_point now) {
    const bool changed = level != health_.level || code != health_.code;
    if (changed) health_.since = now;
    health_.level = level;
    health_.code = code;
    health_.detail = std::move(detail);
    return changed;
}

}  // namespace yici::hal
