// The session's codes: the vendor photo decoder.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::session {

enum class Errc {
    photo_decoder_missing,
    photo_decoder_unloadable,
    photo_decoder_failed,
};

constexpr std::string_view errorModule(Errc) {
    return "session";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::photo_decoder_missing:
            return "photo_decoder_missing";
        case Errc::photo_decoder_unloadable:
            return "photo_decoder_unloadable";
        case Errc::photo_decoder_failed:
            return "photo_decoder_failed";
    }
    return {};
}

}  // namespace yici::session
