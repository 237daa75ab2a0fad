// The status listener the hall server polls: GET /health and GET /metrics; and POST /selftest for the
// technician (yicictl selftest). No personal data, ever.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "health/device_health.hpp"
#include "http/server.hpp"
#include "metrics/metrics.hpp"
#include "selftest/self_test.hpp"

namespace yici::api {

using health::DeviceHealthSource;
using health::OutboxStatus;

// The families /metrics refreshes on each scrape, and the build's identity.
struct StatusMetrics {
    explicit StatusMetrics(metrics::Registry& registry);
    metrics::Registry& registry;
    metrics::Gauge device_health, uptime, build_info, outbox_pending, outbox_oldest_age, outbox_held;
};

struct StatusApi {
    std::string kiosk_id{};
    std::string version{};
    std::chrono::steady_clock::time_point started{};
    std::vector<DeviceHealthSource> devices{};
    const StatusMetrics& metrics;
    // Called before each /metrics render to copy counters that live elsewhere (drivers) into the registry.
    std::vector<std::function<void()>> collectors{};
    // The bearer token the hall server must send; empty: the listener is on loopback and needs none.
    std::string token{};
    std::function<OutboxStatus()> outbox{};
    // The technician's token for POST /selftest and ticket reprints ([status] selftest_token_file): the
    // hall's polling token cannot print tickets. Empty: the self-test runs only on a listener that needs no
    // token at all.
    std::string selftest_token{};
    // Runs the self-test (it prints a test ticket); one at a time, and at most one start a minute.
    std::function<boost::asio::awaitable<selftest::Report>()> self_test{};
    static constexpr std::chrono::seconds self_test_interval{60};
    std::function<std::chrono::steady_clock::time_point()> now = [] {
        return std::chrono::steady_clock::now();
    };
    struct SelfTestState {
        bool running = false;
        std::optional<std::chrono::steady_clock::time_point> last_start;
    };
    std::shared_ptr<SelfTestState> self_test_state = std::make_shared<SelfTestState>();
};

// True when the request carries "Authorization: Bearer <token>" (compared in constant time), or no token
// is required.
bool authorized(const StatusApi& api, const http::Request& request);

// The rule for what prints from the status listener (self-test, reprint, new roll): nullopt when the request
// carries the technician's token ([status] selftest_token_file), or the board has none and the listener needs
// no token at all (loopback); else 401, or 403 {"error": `disabled`} when the board has no technician's
// token.
std::optional<http::Response> refuseTechnician(const StatusApi& api, const http::Request& request,
                                               std::string_view disabled);

// 401 with a WWW-Authenticate: Bearer header and nothing in the body that would help a guesser.
http::Response unauthorized(const http::Request& request);

std::int64_t uptimeSeconds(const StatusApi& api);

void addStatusRoutes(http::Router& router, const StatusApi& api);

// GET /health and GET /metrics: 401 without the token.
http::Response handleHealthGet(const StatusApi& api, const http::Request& request);
http::Response handleMetricsGet(const StatusApi& api, const http::Request& request);
// POST /selftest with the technician's token: runs the self-test (it prints a ticket) at most once a minute.
boost::asio::awaitable<http::Response> handleSelfTestPost(const StatusApi& api, const http::Request& request);

}  // namespace yici::api
