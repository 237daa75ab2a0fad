// Ticket latency bench: 500 tickets over HTTP against the real yicid and yici-devsim; prints p50/p99 of
// POST → last byte at the printer (and POST → HTTP answer) and yicid's resident memory.
//   build/release/bench/ticket_latency [COUNT]
#include <time.h>

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

using yici::itest::monotonicNs;
using yici::itest::percentile;
using yici::itest::statusKb;

// seq → monotonic time of the last byte of that ticket, from the virtual printer's job log.
std::map<int, std::int64_t> lastBytes(const std::filesystem::path& jobs) {
    std::map<int, std::int64_t> out;
    std::ifstream in(jobs);
    std::string line;
    while (std::getline(in, line)) {
        auto field = [&](const std::string& key) {
            const auto at = line.find("\"" + key + "\":");
            std::int64_t v = 0;
            if (at != std::string::npos) {
                const char* p = line.data() + at + key.size() + 3;
                std::from_chars(p, line.data() + line.size(), v);
            }
            return v;
        };
        out[static_cast<int>(field("seq"))] = field("last_byte_ns");
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int count = 500;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), count);
    const int warmup = 10;
    yici::itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();

    std::vector<std::int64_t> sent;
    std::vector<double> answered_ms;
    for (int i = 0; i < warmup + count; ++i) {
        const auto start = monotonicNs();
        const auto reply = bench.postTicket(i % 3 == 0   ? "commercial"
                                            : i % 3 == 1 ? "real_estate"
                                                         : "household_id",
                                            "bench-" + std::to_string(i));
        const auto end = monotonicNs();
        if (reply.status != 201) {
            std::fprintf(stderr, "ticket %d: HTTP %d %s\n", i, reply.status, reply.body.c_str());
            return 1;
        }
        if (i >= warmup) {
            sent.push_back(start);
            answered_ms.push_back(static_cast<double>(end - start) / 1e6);
        }
    }
    const long rss_kb = statusKb(bench.yicid->pid(), "VmRSS");
    const long hwm_kb = statusKb(bench.yicid->pid(), "VmHWM");

    std::map<int, std::int64_t> last;
    for (int tries = 0; tries < 100 && static_cast<int>(last.size()) < warmup + count; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        last = lastBytes(bench.out_dir / "jobs.jsonl");
    }
    std::vector<double> printed_ms;
    for (int i = 0; i < count; ++i) {
        auto it = last.find(warmup + i + 1);
        if (it == last.end()) {
            std::fprintf(stderr, "ticket %d never reached the printer\n", i);
            return 1;
        }
        printed_ms.push_back(static_cast<double>(it->second - sent[static_cast<std::size_t>(i)]) / 1e6);
    }
    std::printf("tickets: %d (after %d warm-up), one at a time over HTTP, printer on loopback TCP\n", count,
                warmup);
    std::printf("POST -> last byte at printer: p50 %.1f ms  p99 %.1f ms  max %.1f ms\n",
                percentile(printed_ms, 0.5), percentile(printed_ms, 0.99),
                *std::max_element(printed_ms.begin(), printed_ms.end()));
    std::printf("POST -> HTTP 201:             p50 %.1f ms  p99 %.1f ms\n", percentile(answered_ms, 0.5),
                percentile(answered_ms, 0.99));
    std::printf("yicid RSS: %.1f MB now, %.1f MB peak\n", static_cast<double>(rss_kb) / 1024.0,
                static_cast<double>(hwm_kb) / 1024.0);
    return 0;
}
