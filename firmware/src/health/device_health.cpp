// The health roll-up.
#include "health/device_health.hpp"

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
        if (snapshot.outbox->overdue && snapshot.overall == Overall::ok) snapshot.overall = Overall::degraded;
    }
    return snapshot;
}

}  // namespace yici::health
