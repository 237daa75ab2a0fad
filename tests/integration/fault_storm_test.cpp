// The short fault storm of tools/test: twelve SIGKILLs of yicid (three each while tickets are taken, while
// citizens pre-register, while the outbox delivers to a slow hall, and inside a migration), each followed by
// a restart and the checks of fault_storm.hpp. bench/fault_storm runs the long one (200 kills).
#include <doctest/doctest.h>

#include <cstdlib>

#include "fault_storm.hpp"

TEST_CASE("a storm of SIGKILLs loses no accepted ticket or registration and leaves the hall's record exact") {
    const char* kills = std::getenv("YICI_FAULT_STORM_KILLS");
    const auto report = yici::itest::runFaultStorm(kills != nullptr ? std::atoi(kills) : 12, 2026);
    for (const auto& violation : report.violations) FAIL_CHECK(violation);
    CHECK(report.kills >= 12);
    CHECK(report.tickets_accepted > 0);
    CHECK(report.registrations_accepted > 0);
    CHECK(report.events_committed > 0);
    MESSAGE(report.kills << " kills, " << report.tickets_accepted << " tickets and "
                         << report.registrations_accepted << " registrations accepted, "
                         << report.events_committed << " records delivered, in " << report.seconds << " s");
}
