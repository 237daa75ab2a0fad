// The ID-card reader on /metrics: yici_idcard_reads_total{result}, yici_idcard_frame_errors_total{kind} (the
// reader's driver keeps the counts; they are copied at each scrape) and yici_idcard_read_seconds (each read's
// time). Counts and times only, never a card field.
#pragma once

#include <chrono>

#include "metrics/metrics.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::session {

class IdCardMetrics {
  public:
    explicit IdCardMetrics(metrics::Registry& registry);

    // A card read, from the find command to the decoded card.
    void observeRead(std::chrono::steady_clock::duration took) const;
    // The driver's counts, copied (at scrape time).
    void copy(const hal::IdCardReader::Counters& counters) const;

  private:
    metrics::Counter reads_;
    metrics::Counter line_faults_;
    metrics::Histogram read_seconds_;
};

}  // namespace yici::session
