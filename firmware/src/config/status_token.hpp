// The status listener's tokens ([status] token_file, selftest_token_file): the hall's poller and the
// technician each prove themselves with one. Read by yicid to check requests and by yicictl to make them.
#pragma once

#include <filesystem>
#include <string>

#include "base/error.hpp"

namespace yici::config {

// The token in `file`: one line of at least 16 printable characters without spaces.
Expected<std::string> readStatusToken(const std::filesystem::path& file);

}  // namespace yici::config
