// Errors as values: a typed code (an enum of the module that fails, named in /health, the API and logs) and a
// message for people.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include "base/error_code.hpp"

namespace yici {

namespace base {

// The codes of base itself, and the generic refusal of a malformed request that several modules share.
enum class Errc {
    bad_request,        // outside input (a body, a parameter) is not what the endpoint takes
    bad_log_level,      // --log-level / [log] level
    config_bad_listen,  // a listen address is not ADDRESS:PORT
};

constexpr std::string_view errorModule(Errc) {
    return "base";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::bad_request:
            return "bad_request";
        case Errc::bad_log_level:
            return "bad_log_level";
        case Errc::config_bad_listen:
            return "config_bad_listen";
    }
    return {};
}

}  // namespace base

struct Error {
    ErrorCode code;       // e.g. hal::Errc::printer_out_of_paper; code.name() is the stable snake_case form
    std::string message;  // for the technician; never personal data

    // Prefixes the message with where the failure happened on its way up ("board config: ...").
    [[nodiscard]] Error withContext(std::string_view context) const {
        return Error{code, std::string(context) + ": " + message};
    }
};

template <class T>
using Expected = std::expected<T, Error>;

// Only a module's error enum converts to ErrorCode: fail("some_string", ...) does not compile.
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
    return std::unexpected(Error{code, std::move(message)});
}

}  // namespace yici
