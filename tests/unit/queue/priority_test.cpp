// One name and one wording per priority: what is stored and sent reads back, and the paper and the screen say
// the same words.
#include <doctest/doctest.h>

#include "queue/priority.hpp"

using namespace yici;
using queue::Priority;

TEST_CASE("every priority's name reads back as that priority, and nothing else reads as one") {
    for (const Priority p : {Priority::normal, Priority::elderly, Priority::confirmed})
        CHECK(queue::priorityFrom(queue::priorityName(p)) == p);
    CHECK(queue::priorityName(Priority::elderly) == "elderly");
    CHECK_FALSE(queue::priorityFrom("disabled").has_value());  // a health fact never was a priority
    CHECK_FALSE(queue::priorityFrom("Elderly").has_value());
    CHECK_FALSE(queue::priorityFrom("").has_value());
}

TEST_CASE("a proven or confirmed priority has one wording in Chinese and English; normal has none") {
    CHECK(queue::priorityWording(Priority::elderly).zh == "老年人优先");
    CHECK(queue::priorityWording(Priority::elderly).en == "Priority: senior citizen");
    CHECK(queue::priorityWording(Priority::confirmed).zh == "优先 · 工作人员已核验");
    CHECK(queue::priorityWording(Priority::normal).zh.empty());
    CHECK(queue::priorityWording(Priority::normal).en.empty());
}
