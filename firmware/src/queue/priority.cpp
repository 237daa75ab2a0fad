// The one table of priority names and wordings.
#include "queue/priority.hpp"

#include <array>

namespace yici::queue {
namespace {

struct Row {
    Priority priority;
    std::string_view name;
    Wording wording;
};

constexpr std::array<Row, 3> rows = {{
    {Priority::normal, "normal", {}},
    {Priority::elderly, "elderly", {"老年人优先", "Priority: senior citizen"}},
    {Priority::confirmed, "confirmed", {"优先 · 工作人员已核验", "Priority: confirmed by staff"}},
}};
static_assert(rows[0].priority == Priority::normal && rows[1].priority == Priority::elderly &&
                  rows[2].priority == Priority::confirmed,
              "rows are indexed by the enum");

const Row& rowOf(Priority priority) {
    return rows[static_cast<std::size_t>(priority)];
}

}  // namespace

std::string_view priorityName(Priority priority) {
    return rowOf(priority).name;
}

std::optional<Priority> priorityFrom(std::string_view name) {
    for (const Row& row : rows)
        if (row.name == name) return row.priority;
    return std::nullopt;
}

Wording priorityWording(Priority priority) {
    return rowOf(priority).wording;
}

}  // namespace yici::queue
