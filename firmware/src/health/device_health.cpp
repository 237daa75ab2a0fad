// The health roll-up.
#include "health/device_health.hpp"

#include <algorithm>

namespace yici::health {

std::string_view overallName(Overall overall) {
    switch (overall) {
        case Overall::ok:
            return "ok";
        case Overall::degraded:
            return "degraded";
        case Overall::down:
            return "down";
    }
    return "down";
}

Snapshot take(const std::vector<DeviceHealthSource>& devices, const std::function<OutboxStatus()>& outbox) {
    Snapshot snapshot;
    for (const auto& device : devices) {
        hal::Health h = device.health();
        if (device.essential && !h.usable()) {
            snapshot.overall = Overall::down;
        } else if (h.level != hal::HealthLevel::ok && snapshot.overall == Overall::ok) {
            snapshot.overall = Overall::degraded;
        }
        snapshot.devices.push_back({device.name, std::move(h)});
    }
    if (outbox) {
        snapshot.outbox = outbox();
        const bool held = std::any_of(snapshot.outbox->held.begin(), snapshot.outbox->held.end(),
                                      [](const auto& reason) { return reason.second > 0; });
        if ((snapshot.outbox->overdue || held) && snapshot.overall == Overall::ok)
            snapshot.overall = Overall::degraded;
    }
    return snapshot;
}

}  // namespace yici::health
