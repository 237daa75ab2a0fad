// Pre-registration bench: whole registrations (card tap, then the citizen API calls back to back) against
// the real yicid and yici-devsim; prints p50/p99 of the software time, which is the flow's wall time minus
// the span the virtual printer spent receiving the ticket (its first to last byte).
//   build/release/bench/prereg_flow [COUNT]
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace {

using yici::itest::httpRequest;
using yici::itest::monotonicNs;
using yici::itest::percentile;

struct Job {
    std::int64_t first = 0, last = 0;
};

std::map<int, Job> jobs(const std::filesystem::path& file) {
    std::map<int, Job> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        auto field = [&](const std::string& key) {
            const auto at = line.find("\"" + key + "\":");
            std::int64_t v = 0;
            if (at != std::string::npos)
                std::from_chars(line.data() + at + key.size() + 3, line.data() + line.size(), v);
            return v;
        };
        out[static_cast<int>(field("seq"))] = {field("first_byte_ns"), field("last_byte_ns")};
    }
    return out;
}

bool ok(const yici::itest::HttpResult& r, int status, const char* what) {
    if (r.status == status) return true;
    std::fprintf(stderr, "%s: HTTP %d %s\n", what, r.status, r.body.c_str());
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    int count = 200;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), count);
    const int warmup = 5;
    yici::itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
    const auto post = [&](const std::string& path, const std::string& body) {
        return httpRequest(bench.ui_port, "POST", path, body, json);
    };

    std::vector<std::int64_t> started, answered;
    for (int i = 0; i < warmup + count; ++i) {
        // A no-card citizen each time (a card tap is the reader's time, measured by bench/idcard_read), so
        // every registration is a new one, not a repeat visit.
        const auto start = monotonicNs();
        if (!ok(post("/api/v1/session/no-card", "{}"), 200, "no-card") ||
            !ok(post("/api/v1/session/service", R"({"service_id":"hr-contribution-certificate"})"), 200,
                "service") ||
            !ok(post("/api/v1/session/materials", R"({"have":[]})"), 200, "materials") ||
            !ok(post("/api/v1/session/details", R"({"mobile":"13800138000"})"), 200, "details") ||
            !ok(post("/api/v1/registrations", "{}"), 201, "registration")) {
            return 1;
        }
        const auto end = monotonicNs();
        if (i >= warmup) {
            started.push_back(start);
            answered.push_back(end);
        }
    }
    std::map<int, Job> printed;
    for (int tries = 0; tries < 100 && static_cast<int>(printed.size()) < warmup + count; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        printed = jobs(bench.out_dir / "jobs.jsonl");
    }
    std::vector<double> whole_ms, software_ms;
    for (int i = 0; i < count; ++i) {
        const auto it = printed.find(warmup + i + 1);
        if (it == printed.end() || it->second.first == 0) {
            std::fprintf(stderr, "registration %d: its ticket never reached the printer\n", i);
            return 1;
        }
        const auto k = static_cast<std::size_t>(i);
        const double whole = static_cast<double>(answered[k] - started[k]) / 1e6;
        whole_ms.push_back(whole);
        software_ms.push_back(whole - static_cast<double>(it->second.last - it->second.first) / 1e6);
    }
    std::printf("registrations: %d (after %d warm-up): no-card, service, materials, details, confirm\n",
                count, warmup);
    std::printf("software time (printing excluded): p50 %.1f ms  p99 %.1f ms  (target p99 < 100 ms)\n",
                percentile(software_ms, 0.5), percentile(software_ms, 0.99));
    std::printf("whole flow incl. printing:          p50 %.1f ms  p99 %.1f ms\n", percentile(whole_ms, 0.5),
                percentile(whole_ms, 0.99));
    return 0;
}
