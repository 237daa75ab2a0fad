// Queue arithmetic; the database side is in store/queue_store.cpp.
#include "queue/queue_rules.hpp"

#include <algorithm>
#include <cmath>

namespace yici::queue {

bool callPriorityNext(const QueueState& s, int normal_per_priority) {
    if (s.priority_waiting == 0) return false;
    if (s.normal_waiting == 0) return true;
    return s.normal_since_priority >= normal_per_priority;
}

QueueState afterCall(QueueState s, bool priority_called) {
    if (priority_called) {
        --s.priority_waiting;
        s.normal_since_priority = 0;
    } else {
        --s.normal_waiting;
        ++s.normal_since_priority;
    }
    return s;
}

int ticketsAhead(QueueState s, bool priority, int normal_per_priority) {
    // The new ticket is the last of its kind: it is called when its queue has been emptied down to it.
    int& mine = priority ? s.priority_waiting : s.normal_waiting;
    ++mine;
    int ahead = 0;
    while (true) {
        const bool call_priority = callPriorityNext(s, normal_per_priority);
        if (call_priority == priority && mine == 1) return ahead;
        s = afterCall(s, call_priority);
        ++ahead;
    }
}

double updatedServiceSeconds(double average_s, double sample_s) {
    const double sample = std::clamp(sample_s, 30.0, 4.0 * 3600.0);
    return service_time_weight * sample + (1.0 - service_time_weight) * average_s;
}

WaitEstimate estimateWait(int ahead, double service_s, int serving_windows) {
    const double minutes = ahead * service_s / 60.0 / std::max(1, serving_windows);
    return rangeOf(minutes);
}

WaitEstimate rangeOf(double minutes) {
    WaitEstimate e;
    e.minutes = static_cast<int>(std::lround(minutes));
    e.low_min = static_cast<int>(std::floor(minutes * 0.8 / 5.0)) * 5;
    e.high_min = std::max(e.low_min + 5, static_cast<int>(std::ceil(minutes * 1.2 / 5.0)) * 5);
    return e;
}

}  // namespace yici::queue
