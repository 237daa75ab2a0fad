// The fault storm (issue #17): yicid killed with SIGKILL at random points while citizens take tickets and
// pre-register, while the outbox delivers to a slow or absent hall, and while a database of an older schema
// is migrated; after each kill yicid starts again and the store and the hall's record are checked. The
// CTest integration/fault_storm_test runs a short storm, bench/fault_storm a long one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace yici::itest {

struct FaultStormReport {
    int kills = 0;
    int migration_kills = 0;           // of them, on a database of an older schema
    int tickets_accepted = 0;          // 201 with a printed ticket, each checked after every restart
    int registrations_accepted = 0;    // 201
    std::map<int, int> refused;        // answers other than success, by HTTP status (0: none, yicid was dead)
    std::int64_t kept_unknown = 0;     // tickets caught mid-print, kept with an unknown print outcome
    std::size_t events_committed = 0;  // records in the outbox at the end
    std::size_t events_received = 0;   // what the hall received, repeats included
    double seconds = 0;
    std::vector<std::string> violations;  // broken promises; empty when the store and the hall agree
};

// Runs `kills` rounds with the given seed on a fresh bench in a temporary directory.
FaultStormReport runFaultStorm(int kills, std::uint32_t seed);

}  // namespace yici::itest
