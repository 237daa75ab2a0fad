// The technician tool's codes (never seen by the citizen API: nothing depends on ctl).
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::ctl {

enum class Errc {
    provision_failed,
};

constexpr std::string_view errorModule(Errc) {
    return "ctl";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::provision_failed:
            return "provision_failed";
    }
    return {};
}

}  // namespace yici::ctl
