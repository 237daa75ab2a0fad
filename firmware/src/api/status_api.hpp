// The status listener the hall server polls: GET /health and GET /metrics. No personal data, ever.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "http/server.hpp"
#include "metrics/metrics.hpp"
#include "yici/hal/health.hpp"

namespace yici::api {

struct DeviceHealthSource {
    std::string name;  // "printer", "id_reader", "camera"
    std::function<hal::Health()> health;
    bool essential = false;  // without it the kiosk cannot do its job: /health says "down"
};

struct StatusApi {
    std::string kiosk_id;
    std::string version;
    std::chrono::steady_clock::time_point started;
    std::vector<DeviceHealthSource> devices;
    metrics::Registry* metrics = nullptr;
    // Called before each /metrics render to copy counters that live elsewhere (drivers) into the registry.
    std::vector<std::function<void(metrics::Registry&)>> collectors;
};

void addStatusRoutes(http::Router& router, const StatusApi& api);

http::Response handleHealthGet(const StatusApi& api, const http::Request& request);
http::Response handleMetricsGet(const StatusApi& api, const http::Request& request);

}  // namespace yici::api
