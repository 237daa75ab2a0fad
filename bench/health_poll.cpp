// Status-listener bench: /health and /metrics latency at 200 requests/s while tickets are issued and the
// hall server is down, then the outbox drain rate once the hall is back.
//   build/release/bench/health_poll [SECONDS]
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace {

using yici::itest::httpRequest;
using yici::itest::monotonicNs;
using yici::itest::percentile;

long pendingEvents(yici::itest::Bench& bench) {
    const auto body = bench.health().body;
    const auto at = body.find("\"pending\":");
    long n = -1;
    if (at != std::string::npos) std::from_chars(body.data() + at + 10, body.data() + body.size(), n);
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = 30;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), seconds);
    yici::itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    bench.hallMode("down");
    bench.startYicid();

    // Tickets all along, one every 50 ms, from another thread: the events pile up in the outbox.
    std::atomic<bool> issuing = true;
    std::atomic<int> issued = 0, failed = 0;
    std::thread citizens([&] {
        for (int i = 0; issuing; ++i) {
            const auto reply =
                bench.postTicket(i % 2 == 0 ? "commercial" : "real_estate", "hp-" + std::to_string(i));
            (reply.status == 201 ? issued : failed)++;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });

    std::vector<double> health_ms, metrics_ms;
    const auto start = monotonicNs();
    const std::int64_t period_ns = 5'000'000;  // 200 requests per second
    for (std::int64_t n = 0;; ++n) {
        const std::int64_t due = start + n * period_ns;
        if (due - start >= static_cast<std::int64_t>(seconds) * 1'000'000'000) break;
        while (monotonicNs() < due) std::this_thread::sleep_for(std::chrono::microseconds(200));
        const bool health = n % 2 == 0;
        const auto t0 = monotonicNs();
        const auto reply = httpRequest(bench.status_port, "GET", health ? "/health" : "/metrics");
        const double ms = static_cast<double>(monotonicNs() - t0) / 1e6;
        if (reply.status != 200) {
            std::fprintf(stderr, "status listener: HTTP %d\n", reply.status);
            return 1;
        }
        (health ? health_ms : metrics_ms).push_back(ms);
    }
    issuing = false;
    citizens.join();
    for (int i = 0; i < 30 && pendingEvents(bench) < issued; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const long backlog = pendingEvents(bench);

    bench.hallMode("ok");
    const auto back = monotonicNs();
    std::int64_t first_delivery = 0;
    long left = backlog;
    while (left > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        left = pendingEvents(bench);
        if (first_delivery == 0 && left < backlog) first_delivery = monotonicNs();
        if (monotonicNs() - back > 120'000'000'000) {
            std::fprintf(stderr, "the outbox did not drain within 2 minutes\n");
            return 1;
        }
    }
    // From the first acknowledged batch (seen within one 10 ms poll) to an empty outbox; before it, the
    // kiosk was still waiting out its backoff.
    const double retry_s = static_cast<double>(first_delivery - back) / 1e9;
    const double drain_s = static_cast<double>(monotonicNs() - first_delivery) / 1e9 + 0.01;
    std::printf(
        "%d s at 200 requests/s (half /health, half /metrics) while %d tickets were issued (%d failed)\n",
        seconds, issued.load(), failed.load());
    std::printf("/health:  p50 %.2f ms  p99 %.2f ms  max %.2f ms  (target p99 < 5 ms)\n",
                percentile(health_ms, 0.5), percentile(health_ms, 0.99),
                *std::max_element(health_ms.begin(), health_ms.end()));
    std::printf("/metrics: p50 %.2f ms  p99 %.2f ms  max %.2f ms  (target p99 < 5 ms)\n",
                percentile(metrics_ms, 0.5), percentile(metrics_ms, 0.99),
                *std::max_element(metrics_ms.begin(), metrics_ms.end()));
    std::printf(
        "outbox after the outage: %ld events; the kiosk retried %.2f s after the hall came back "
        "(backoff), then drained them in %.2f s = %.0f events/s\n",
        backlog, retry_s, drain_s, static_cast<double>(backlog) / drain_s);
    return 0;
}
