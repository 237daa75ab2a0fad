// What /health says of the outbox: a wait is a fault only when a hall exists, and every hold reason is named.
#include <doctest/doctest.h>

#include "hall/outbox_sender.hpp"

using namespace yici;

TEST_CASE(
    "an outbox waiting past the limit is overdue only for a kiosk with a hall; every hold reason shows") {
    hall::OutboxHealth waiting{
        .pending = 3, .oldest_age_s = 400, .last_error = "", .held = {{"hall_rejected", 2}}};
    const auto linked = hall::outboxStatus(waiting, true, 300);
    CHECK(linked.pending == 3);
    CHECK(linked.oldest_age_s == 400);
    CHECK(linked.overdue);
    CHECK(linked.held == std::map<std::string, int>{
                             {"hall_rejected", 2}, {"hall_refused", 0}, {"personal_fields_unreadable", 0}});
    CHECK_FALSE(hall::outboxStatus(waiting, false, 300).overdue);  // standalone: nobody to wait for
    waiting.oldest_age_s = 300;
    CHECK_FALSE(hall::outboxStatus(waiting, true, 300).overdue);  // at the limit, not past it
}
