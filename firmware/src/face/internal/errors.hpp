// The face check's codes: models, frames and matching.
#pragma once

#include <string_view>

#include "base/error_code.hpp"

namespace yici::face {

enum class Errc {
    face_model_missing,
    face_model_unusable,
    face_cascade_missing,
    face_cascade_unusable,
    face_detect_failed,
    face_frame_malformed,
    match_failed,
    match_needs_yunet,
    face_match_needs_yunet,  // health: a recognizer model without the YuNet detector it needs
};

constexpr std::string_view errorModule(Errc) {
    return "face";
}

constexpr std::string_view errorName(Errc code) {
    switch (code) {
        case Errc::face_model_missing:
            return "face_model_missing";
        case Errc::face_model_unusable:
            return "face_model_unusable";
        case Errc::face_cascade_missing:
            return "face_cascade_missing";
        case Errc::face_cascade_unusable:
            return "face_cascade_unusable";
        case Errc::face_detect_failed:
            return "face_detect_failed";
        case Errc::face_frame_malformed:
            return "face_frame_malformed";
        case Errc::match_failed:
            return "match_failed";
        case Errc::match_needs_yunet:
            return "match_needs_yunet";
        case Errc::face_match_needs_yunet:
            return "face_match_needs_yunet";
    }
    return {};
}

}  // namespace yici::face
