// Reading a status token file.
#include "config/status_token.hpp"

#include <algorithm>

#include "config/errors.hpp"
#include "config/toml_reader.hpp"

namespace yici::config {

Expected<std::string> readStatusToken(const std::filesystem::path& file) {
    auto text = readConfigFile(file, "status token");
    if (!text) return std::unexpected(text.error());
    std::string token = *text;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
        token.pop_back();
    const bool printable =
        std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7F; });
    if (token.size() < 16 || !printable)
        return fail(Errc::config_invalid, file.string() +
                                              ": the status token must be one line of at least 16 "
                                              "printable characters without spaces");
    return token;
}

}  // namespace yici::config
