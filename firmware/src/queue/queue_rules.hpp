// The hall's queue rules as pure functions: which ticket a window calls next (priority with an
// anti-starvation rule), how many people are ahead of a new ticket, and the estimated wait.
#pragma once

namespace yici::queue {

struct QueueState {
    int normal_waiting = 0;
    int priority_waiting = 0;
    // Normal tickets called since the last priority one; a new day starts at normal_per_priority so the
    // first priority ticket is called at once.
    int normal_since_priority = 0;
};

// A priority ticket is called first, but after one is called the next `normal_per_priority` calls go to
// normal tickets while any wait: elderly and disabled citizens go ahead, and normal tickets still move.
bool callPriorityNext(const QueueState& state, int normal_per_priority);

// The state after one call.
QueueState afterCall(QueueState state, bool priority_called);

// People called before a ticket that joins now (behind everyone of its kind), if nobody else arrives.
int ticketsAhead(QueueState state, bool priority, int normal_per_priority);

// Exponentially weighted moving average of the seconds a window spends per ticket. A sample outside
// [30 s, 4 h] is clamped (a ticket completed by mistake at once, or left open over lunch).
double updatedServiceSeconds(double average_s, double sample_s);
inline constexpr double service_time_weight = 0.2;

struct WaitEstimate {
    int minutes = 0;   // people ahead × service time ÷ serving windows, rounded
    int low_min = 0;   // the range shown and printed: −20 % rounded down to 5 minutes …
    int high_min = 5;  // … +20 % rounded up to 5 minutes, at least 5 minutes wide
};

WaitEstimate estimateWait(int ahead, double service_s, int serving_windows);
// The shown range for a wait someone else estimated (the hall server).
WaitEstimate rangeOf(double minutes);

}  // namespace yici::queue
