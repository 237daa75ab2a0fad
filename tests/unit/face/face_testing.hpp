// Test photos for the face tests: a test FAILS, saying what to install, when opencv-doc is missing.
#pragma once

#include <doctest/doctest.h>

#include "face/face_frames.hpp"

namespace yici::testing {

inline FacePhoto requirePhoto(FacePhoto photo) {
    REQUIRE_MESSAGE(!photo.image.empty(), photo.file.string() << " is missing: " << kInstallOpenCvDoc);
    return photo;
}

inline FacePhoto messi() {
    return requirePhoto(messiPhoto());
}
inline FacePhoto secondPerson() {
    return requirePhoto(secondPersonPhoto());
}

}  // namespace yici::testing
