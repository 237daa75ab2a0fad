// /health and /metrics.
#include "api/status_api.hpp"

#include <sodium.h>

#include <boost/json/object.hpp>

#include <algorithm>

#include "api/internal/route.hpp"

namespace yici::api {
namespace {

namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

constexpr hal::HealthLevel all_levels[] = {hal::HealthLevel::ok, hal::HealthLevel::warning,
                                           hal::HealthLevel::critical, hal::HealthLevel::absent};

}  // namespace

http::Response unauthorized(const http::Request& request) {
    http::Response response = http::textResponse(request, status::unauthorized, "", "text/plain");
    response.set(http::beast_http::field::www_authenticate, "Bearer");
    return response;
}

namespace {

// Length is not secret; the bytes are compared without an early exit.
bool tokenMatches(std::string_view given, const std::string& token) {
    return given.size() == token.size() && sodium_memcmp(given.data(), token.data(), given.size()) == 0;
}

}  // namespace

bool authorized(const StatusApi& api, const http::Request& request) {
    return api.token.empty() || tokenMatches(http::bearerToken(request), api.token);
}

std::optional<http::Response> refuseTechnician(const StatusApi& api, const http::Request& request,
                                               std::string_view disabled) {
    const bool allowed = api.selftest_token.empty()
                             ? api.token.empty()
                             : tokenMatches(http::bearerToken(request), api.selftest_token);
    if (allowed) return std::nullopt;
    if (api.selftest_token.empty())
        return http::jsonResponse(
            request, status::forbidden,
            json::object{{"error", disabled}, {"detail", "the board has no [status] selftest_token_file"}});
    return unauthorized(request);
}

void addStatusRoutes(http::Router& router, const StatusApi& api) {
    addRoute(router, verb::get, "/health", api, handleHealthGet);
    addRoute(router, verb::get, "/metrics", api, handleMetricsGet);
    addRoute(router, verb::post, "/selftest", api, handleSelfTestPost);
}

boost::asio::awaitable<http::Response> handleSelfTestPost(const StatusApi& api,
                                                          const http::Request& request) {
    if (auto refusal = refuseTechnician(api, request, "selftest_disabled")) co_return std::move(*refusal);
    auto state = api.self_test_state;  // outlives the API if yicid stops mid-test
    if (state->running)
        co_return http::jsonResponse(request, status::conflict, json::object{{"error", "selftest_running"}});
    const auto now = api.now();
    if (state->last_start && now - *state->last_start < StatusApi::self_test_interval) {
        // Each run prints a ticket: a loop on the LAN must not empty the paper roll.
        const auto wait = std::chrono::ceil<std::chrono::seconds>(StatusApi::self_test_interval -
                                                                  (now - *state->last_start));
        auto response =
            http::jsonResponse(request, status::too_many_requests,
                               json::object{{"error", "selftest_too_soon"}, {"retry_after_s", wait.count()}});
        response.set(http::beast_http::field::retry_after, std::to_string(wait.count()));
        co_return response;
    }
    state->running = true;
    state->last_start = now;
    const selftest::Report report = co_await api.self_test();
    state->running = false;
    co_return http::jsonResponse(request, status::ok, selftest::toJson(report));
}

std::int64_t uptimeSeconds(const StatusApi& api) {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - api.started)
        .count();
}

http::Response handleHealthGet(const StatusApi& api, const http::Request& request) {
    if (!authorized(api, request)) return unauthorized(request);
    const health::Snapshot snapshot = health::take(api.devices, api.outbox);
    json::object devices;
    for (const auto& [name, h] : snapshot.devices) {
        json::object d;
        d["health"] = hal::levelName(h.level);
        d["code"] = h.code.name();
        d["detail"] = h.detail;
        d["since"] =
            h.since.time_since_epoch().count() == 0
                ? json::value(nullptr)
                : json::value(
                      std::chrono::duration_cast<std::chrono::seconds>(h.since.time_since_epoch()).count());
        devices[name] = std::move(d);
    }
    json::object body;
    if (snapshot.outbox) {
        json::object held;
        for (const auto& [reason, count] : snapshot.outbox->held) {
            if (count > 0) held[reason] = count;
        }
        body["outbox"] = json::object{{"pending", snapshot.outbox->pending},
                                      {"oldest_age_s", snapshot.outbox->oldest_age_s},
                                      {"held", std::move(held)}};
    }
    body["status"] = health::overallName(snapshot.overall);
    body["kiosk_id"] = api.kiosk_id;
    body["version"] = api.version;
    body["uptime_s"] = uptimeSeconds(api);
    body["devices"] = std::move(devices);
    return http::jsonResponse(request, status::ok, body);
}

StatusMetrics::StatusMetrics(metrics::Registry& r)
    : registry(r),
      device_health(
          r.gauge("yici_device_health", "1 for the current health of each device, 0 for the others.")),
      uptime(r.gauge("yici_uptime_seconds", "Seconds since yicid started.")),
      build_info(r.gauge("yici_build_info", "Build and kiosk identity.")),
      outbox_pending(r.gauge("yici_outbox_pending", "Events waiting to be acknowledged by the hall server.")),
      outbox_oldest_age(r.gauge("yici_outbox_oldest_age_seconds",
                                "Age of the oldest event the hall has not acknowledged.")),
      outbox_held(
          r.gauge("yici_outbox_held", "Events held back instead of sent (they stay pending), by reason.")) {}

http::Response handleMetricsGet(const StatusApi& api, const http::Request& request) {
    if (!authorized(api, request)) return unauthorized(request);
    const StatusMetrics& m = api.metrics;
    for (const auto& device : api.devices) {
        const hal::HealthLevel current = device.health().level;
        for (hal::HealthLevel level : all_levels) {
            m.device_health.set({{"device", device.name}, {"health", std::string(hal::levelName(level))}},
                                level == current ? 1.0 : 0.0);
        }
    }
    if (api.outbox) {
        const OutboxStatus o = api.outbox();
        m.outbox_pending.set({}, o.pending);
        m.outbox_oldest_age.set({}, static_cast<double>(o.oldest_age_s));
        for (const auto& [reason, count] : o.held) m.outbox_held.set({{"reason", reason}}, count);
    }
    for (const auto& collect : api.collectors) collect();
    const std::chrono::duration<double> uptime = std::chrono::steady_clock::now() - api.started;
    m.uptime.set({}, uptime.count());
    return http::textResponse(request, status::ok, m.registry.render(),
                              "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace yici::api
