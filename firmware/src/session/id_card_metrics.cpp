// The reader's metric families, declared once.
#include "session/id_card_metrics.hpp"

namespace yici::session {

IdCardMetrics::IdCardMetrics(metrics::Registry& registry)
    : reads_(registry.counter("yici_idcard_reads_total", "ID-card reads by result (ok, failed).")),
      line_faults_(registry.counter("yici_idcard_frame_errors_total",
                                    "Reader line faults by kind: garbage_bytes, bad_checksum, bad_length, "
                                    "unknown_status, wrong_reply, timeout.")),
      read_seconds_(registry.histogram("yici_idcard_read_seconds",
                                       "Time from the find command to a decoded card.",
                                       {0.1, 0.2, 0.3, 0.5, 1, 2, 5})) {}

void IdCardMetrics::observeRead(std::chrono::steady_clock::duration took) const {
    read_seconds_.observe(std::chrono::duration<double>(took).count());
}

void IdCardMetrics::copy(const hal::IdCardReader::Counters& counters) const {
    reads_.set({{"result", "ok"}}, static_cast<double>(counters.reads_ok));
    reads_.set({{"result", "failed"}}, static_cast<double>(counters.reads_failed));
    for (const auto& [kind, n] : counters.line_faults)
        line_faults_.set({{"kind", kind}}, static_cast<double>(n));
}

}  // namespace yici::session
