// The device health model reported in /health: level, code, detail and since when.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/error_code.hpp"
#include "yici/hal/errors.hpp"

namespace yici::hal {

enum class HealthLevel { ok, warning, critical, absent };

std::string_view levelName(HealthLevel level);

struct Health {
    HealthLevel level = HealthLevel::absent;
    ErrorCode code = Errc::not_started;  // Errc::ok when healthy; any module's code when it failed
    std::string detail;                  // for the technician; never personal data
    std::chrono::system_clock::time_point since{};

    bool usable() const { return level == HealthLevel::ok || level == HealthLevel::warning; }
};

// Keeps `since` stable while the level and code stay the same, so the hall sees when a fault began.
class HealthTracker {
  public:
    // Returns true when level or code changed.
    bool set(HealthLevel level, ErrorCode code, std::string detail,
             std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
    const Health& get() const { return health_; }

  private:
    Health health_;
};

}  // namespace yici::hal
