// The reader on /metrics: its driver's counts as they are at the scrape, and each read's time.
#include <doctest/doctest.h>

#include "session/id_card_metrics.hpp"

namespace yici::session {

TEST_CASE("the reader's counts and read times are on /metrics, with every fault kind the driver names") {
    metrics::Registry registry;
    const IdCardMetrics reader(registry);
    reader.copy({.reads_ok = 3, .reads_failed = 1, .line_faults = {{"bad_checksum", 2}, {"timeout", 0}}});
    reader.observeRead(std::chrono::milliseconds(250));
    const std::string text = registry.render();
    CHECK(text.find("yici_idcard_reads_total{result=\"ok\"} 3\n") != std::string::npos);
    CHECK(text.find("yici_idcard_reads_total{result=\"failed\"} 1\n") != std::string::npos);
    CHECK(text.find("yici_idcard_frame_errors_total{kind=\"bad_checksum\"} 2\n") != std::string::npos);
    CHECK(text.find("yici_idcard_frame_errors_total{kind=\"timeout\"} 0\n") != std::string::npos);
    CHECK(text.find("yici_idcard_read_seconds_bucket{le=\"0.3\"} 1\n") != std::string::npos);
    CHECK(text.find("yici_idcard_read_seconds_bucket{le=\"0.2\"} 0\n") != std::string::npos);
    reader.copy({.reads_ok = 4, .reads_failed = 1, .line_faults = {}});  // the driver's count is the truth
    CHECK(registry.render().find("yici_idcard_reads_total{result=\"ok\"} 4\n") != std::string::npos);
}

}  // namespace yici::session
