// The hall's queue rules: priority with anti-starvation, people ahead, and the wait estimate.
#include <doctest/doctest.h>

#include <string>

#include "queue/queue_rules.hpp"

using namespace yici;
using queue::QueueState;

namespace {

// The order in which windows call a queue of 'N'ormal and 'P'riority tickets (oldest first in each kind).
std::string callOrder(int normal, int priority, int normal_per_priority) {
    QueueState s{normal, priority, normal_per_priority};
    std::string order;
    while (s.normal_waiting + s.priority_waiting > 0) {
        const bool p = queue::callPriorityNext(s, normal_per_priority);
        order += p ? 'P' : 'N';
        s = queue::afterCall(s, p);
    }
    return order;
}

}  // namespace

TEST_CASE("a priority ticket is called first, then normal ones get their turn") {
    CHECK(callOrder(6, 3, 2) == "PNNPNNPNN");
    CHECK(callOrder(2, 3, 2) == "PNNPP");  // no normal ticket left: priority ones need not wait
    CHECK(callOrder(3, 0, 2) == "NNN");
    CHECK(callOrder(0, 2, 2) == "PP");
    CHECK(callOrder(4, 4, 1) == "PNPNPNPN");
}

TEST_CASE("normal tickets are never starved by a stream of priority tickets") {
    // Ten priority tickets arrive while one normal ticket waits: it is called second.
    CHECK(callOrder(1, 10, 2).substr(0, 2) == "PN");
}

TEST_CASE("people ahead follow the call order, for normal and priority tickets alike") {
    const QueueState fresh{0, 0, 2};
    CHECK(queue::ticketsAhead(fresh, false, 2) == 0);
    CHECK(queue::ticketsAhead(fresh, true, 2) == 0);
    const QueueState busy{5, 0, 2};
    CHECK(queue::ticketsAhead(busy, false, 2) == 5);
    CHECK(queue::ticketsAhead(busy, true, 2) == 0);  // an elderly citizen goes straight to the front
    // Just after a priority call, the next priority ticket waits for two normal ones.
    const QueueState just_called{5, 0, 0};
    CHECK(queue::ticketsAhead(just_called, true, 2) == 2);
    // A normal ticket behind 3 normal and 2 priority: P N N P N (then it) = 5.
    CHECK(queue::ticketsAhead(QueueState{3, 2, 2}, false, 2) == 5);
}

TEST_CASE("the service time learns from completions without jumping on one odd ticket") {
    double average = 600;  // seeded from the catalog's 10 minutes
    average = queue::updatedServiceSeconds(average, 300);
    CHECK(average == doctest::Approx(540));
    for (int i = 0; i < 30; ++i) average = queue::updatedServiceSeconds(average, 300);
    CHECK(average == doctest::Approx(300).epsilon(0.01));
    // A ticket completed by mistake a second after the call counts as 30 s, not 1 s.
    CHECK(queue::updatedServiceSeconds(300, 1) == doctest::Approx(0.2 * 30 + 0.8 * 300));
    // A ticket left open over lunch counts at most 4 hours.
    CHECK(queue::updatedServiceSeconds(300, 10 * 3600) == doctest::Approx(0.2 * 14400 + 0.8 * 300));
}

TEST_CASE("the wait is people ahead times service time over serving windows, shown as a 5-minute range") {
    const auto none = queue::estimateWait(0, 600, 3);
    CHECK(none.minutes == 0);
    CHECK(none.low_min == 0);
    CHECK(none.high_min == 5);
    const auto some = queue::estimateWait(6, 600, 3);  // 6 × 10 min / 3 windows = 20 min
    CHECK(some.minutes == 20);
    CHECK(some.low_min == 15);
    CHECK(some.high_min == 25);
    const auto one_window = queue::estimateWait(6, 600, 1);  // 60 min
    CHECK(one_window.low_min == 45);
    CHECK(one_window.high_min == 75);
    CHECK(queue::estimateWait(3, 600, 0).minutes == 30);  // no window count: treated as one
}
