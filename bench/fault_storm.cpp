// The long fault storm (issue #17): yicid killed with SIGKILL KILLS times (default 200) at random points
// while citizens take tickets and pre-register, while the outbox delivers, and inside migrations; after each
// kill it starts again and the store and the hall's record are checked (tests/integration/fault_storm.hpp).
//   build/release/bench/fault_storm [KILLS] [SEED]
// Prints the figures, and every broken promise; exit 1 when there is one.
#include <charconv>
#include <cstdio>
#include <cstring>

#include "fault_storm.hpp"

int main(int argc, char** argv) {
    int kills = 200;
    unsigned seed = 1;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), kills);
    if (argc > 2) std::from_chars(argv[2], argv[2] + std::strlen(argv[2]), seed);
    const auto r = yici::itest::runFaultStorm(kills, seed);
    std::printf("fault storm: %d kills (%d inside migrations), seed %u, %.0f s\n", r.kills, r.migration_kills,
                seed, r.seconds);
    std::printf("  tickets accepted       %d (each found printed after every restart)\n", r.tickets_accepted);
    std::printf("  registrations accepted %d\n", r.registrations_accepted);
    for (const auto& [status, count] : r.refused)
        std::printf("  answered HTTP %-3d      %d (%s)\n", status, count,
                    status == 0 ? "yicid was being killed" : "refused");
    std::printf("  kept, outcome unknown  %lld\n", static_cast<long long>(r.kept_unknown));
    std::printf("  records committed      %zu, received by the hall %zu (repeats included)\n",
                r.events_committed, r.events_received);
    std::printf("  broken promises        %zu\n", r.violations.size());
    for (const auto& v : r.violations) std::printf("    %s\n", v.c_str());
    return r.violations.empty() ? 0 : 1;
}
