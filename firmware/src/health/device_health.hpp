// The kiosk's health as /health, /metrics, the hall's device events and the technician screen see it: each
// device's health, what waits for the hall, and the roll-up of both into ok / degraded / down.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "yici/hal/health.hpp"

namespace yici::health {

struct DeviceHealthSource {
    std::string name;  // "printer", "id_reader", "camera"
    std::function<hal::Health()> health;
    bool essential = false;  // without it the kiosk cannot do its job: /health says "down"
};

// What waits for the hall: shown in /health, and a reason for "degraded" when it waits too long.
struct OutboxStatus {
    int pending = 0;
    std::int64_t oldest_age_s = 0;
    bool overdue = false;             // the oldest event is older than [hall] outbox_degraded_after_s
    std::map<std::string, int> held;  // events held back, by reason (every known reason, 0 included)
};

enum class Overall { ok, degraded, down };
std::string_view overallName(Overall overall);

struct DeviceState {
    std::string name;
    hal::Health health;
};

// One look at everything, taken at once so that the roll-up matches the parts shown with it.
struct Snapshot {
    std::vector<DeviceState> devices;
    std::optional<OutboxStatus> outbox;
    Overall overall = Overall::ok;
};

// Down when an essential device is not usable; degraded when any device is not ok or the outbox is overdue.
Snapshot take(const std::vector<DeviceHealthSource>& devices, const std::function<OutboxStatus()>& outbox);

}  // namespace yici::health
