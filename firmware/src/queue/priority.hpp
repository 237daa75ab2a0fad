// The priority a ticket waits with: one name per value (stored, sent to the hall, in the API) and one wording
// that the paper prints and the screen shows.
#pragma once

#include <optional>
#include <string_view>

namespace yici::queue {

enum class Priority {
    normal,
    elderly,    // the ID card proves an age of 70 or more
    confirmed,  // staff confirmed a claim (a declared need, an appointment), or a technician gave it
};

// "normal", "elderly", "confirmed".
std::string_view priorityName(Priority priority);
// The priority of a name priorityName() gives; nullopt for any other text.
std::optional<Priority> priorityFrom(std::string_view name);

struct Wording {
    std::string_view zh;
    std::string_view en;
};
// What the ticket and the done screen say of a priority, for the staff to see; empty for normal.
Wording priorityWording(Priority priority);

}  // namespace yici::queue
