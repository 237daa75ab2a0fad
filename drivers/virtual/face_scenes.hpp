// Ready-made scenes for the virtual camera's face step (yici-devsim ctl camera scene NAME): one a face check
// passes (a face that moves a little, for liveness) and one that fails each gate. Made from the photos in
// Debian's opencv-doc, which tools/setup installs; nothing is kept in the repository.
#pragma once

#include <opencv2/core/mat.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yici::devsim {

// The scene names, with what each shows, for the help text.
inline constexpr std::string_view face_scene_help =
    "pass (a face that moves a little: every gate and liveness pass), still (the same face held still: "
    "asked to blink), small (too far away), aside (not in the middle), dark, bright, blurry, nobody, two "
    "(two faces)";

// The frames of scene `name` (640x480), or the reason it cannot be made.
struct FaceScene {
    std::vector<cv::Mat> frames;
    std::string error;
};
FaceScene faceScene(std::string_view name);

}  // namespace yici::devsim
