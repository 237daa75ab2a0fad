// Test photos for the face tests (a test FAILS, saying what to install, when opencv-doc is missing) and
// broken model files.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string_view>

#include "face/face_frames.hpp"

namespace yici::testing {

inline FacePhoto requirePhoto(FacePhoto photo) {
    REQUIRE_MESSAGE(!photo.image.empty(), photo.file.string() << " is missing: " << install_opencv_doc);
    return photo;
}

inline FacePhoto messi() {
    return requirePhoto(messiPhoto());
}
inline FacePhoto secondPerson() {
    return requirePhoto(secondPersonPhoto());
}

// 4 KiB of bytes that are no model or cascade at all, written to `file` (its folders created).
inline std::filesystem::path writeGarbage(const std::filesystem::path& file) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 7919) % 251));
    return file;
}

inline bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace yici::testing
