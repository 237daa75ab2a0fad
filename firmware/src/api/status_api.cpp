// /health and /metrics.
#include "api/status_api.hpp"

#include <boost/json/object.hpp>

namespace yici::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

constexpr hal::HealthLevel all_levels[] = {hal::HealthLevel::ok, hal::HealthLevel::warning,
                                           hal::HealthLevel::critical, hal::HealthLevel::absent};

}  // namespace

void addStatusRoutes(http::Router& router, const StatusApi& api) {
    router.add(verb::get, "/health",
               [&api](const http::Request& r) -> boost::asio::awaitable<http::Response> {
                   co_return handleHealthGet(api, r);
               });
    router.add(verb::get, "/metrics",
               [&api](const http::Request& r) -> boost::asio::awaitable<http::Response> {
                   co_return handleMetricsGet(api, r);
               });
}

http::Response handleHealthGet(const StatusApi& api, const http::Request& request) {
    json::object devices;
    std::string overall = "ok";
    for (const auto& device : api.devices) {
        const hal::Health h = device.health();
        json::object d;
        d["health"] = hal::levelName(h.level);
        d["code"] = h.code;
        d["detail"] = h.detail;
        d["since"] =
            h.since.time_since_epoch().count() == 0
                ? json::value(nullptr)
                : json::value(
                      std::chrono::duration_cast<std::chrono::seconds>(h.since.time_since_epoch()).count());
        devices[device.name] = std::move(d);
        if (device.essential && !h.usable()) {
            overall = "down";
        } else if (h.level != hal::HealthLevel::ok && overall == "ok") {
            overall = "degraded";
        }
    }
    json::object body;
    body["status"] = overall;
    body["kiosk_id"] = api.kiosk_id;
    body["version"] = api.version;
    body["uptime_s"] =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - api.started)
            .count();
    body["devices"] = std::move(devices);
    return http::jsonResponse(request, status::ok, body);
}

http::Response handleMetricsGet(const StatusApi& api, const http::Request& request) {
    for (const auto& device : api.devices) {
        const hal::HealthLevel current = device.health().level;
        for (hal::HealthLevel level : all_levels) {
            api.metrics->set("yici_device_health",
                             {{"device", device.name}, {"health", std::string(hal::levelName(level))}},
                             level == current ? 1.0 : 0.0);
        }
    }
    for (const auto& collect : api.collectors) collect(*api.metrics);
    const std::chrono::duration<double> uptime = std::chrono::steady_clock::now() - api.started;
    api.metrics->set("yici_uptime_seconds", {}, uptime.count());
    return http::textResponse(request, status::ok, api.metrics->render(),
                              "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace yici::api
