// What every device's config table shares: the keys only its driver knows, and how a driver says what is
// wrong.
#pragma once

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace yici::hal {

// The keys of a device table that only its driver knows ("baud" for a serial reader), as written.
using DriverOptions = std::map<std::string, std::string, std::less<>>;

// One thing wrong in a device's config table: the key (within the table) and what is wrong with it.
struct ConfigProblem {
    std::string key;
    std::string message;
};

// A problem for each option the driver does not know.
inline std::vector<ConfigProblem> unknownOptions(const DriverOptions& options,
                                                 std::initializer_list<std::string_view> known) {
    std::vector<ConfigProblem> problems;
    for (const auto& [key, value] : options) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            problems.push_back({key, "unknown key"});
    }
    return problems;
}

}  // namespace yici::hal
