// Errors as values: a stable snake_case code (shown in /health, the API and logs) and a message for people.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace yici {

struct Error {
    std::string code;     // stable, snake_case: "printer_out_of_paper", "config_unknown_key"
    std::string message;  // for the technician; never personal data

    // Prefixes the message with where the failure happened on its way up ("board config: ...").
    [[nodiscard]] Error withContext(std::string_view context) const {
        return Error{code, std::string(context) + ": " + message};
    }
};

template <class T>
using Expected = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string code, std::string message) {
    return std::unexpected(Error{std::move(code), std::move(message)});
}

}  // namespace yici
