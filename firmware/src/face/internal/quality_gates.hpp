// The checks a frame passes before its face is used: one face, big enough, in the middle, well lit, sharp.
// Each failing gate tells the citizen what to do. Boxes are whole-face boxes (forehead to chin).
#pragma once

#include <optional>
#include <span>

#include "face/face_detector.hpp"
#include "face/instruction.hpp"

namespace yici::face {

// A second face counts ("one person please") when it is at least this share of the largest face's width:
// someone at the citizen's shoulder, not the queue further back (whose faces are smaller).
inline constexpr double second_face_min_ratio = 0.6;
// The face must be at least this share of the frame width (128 px at 640): SFace aligns faces to 112x112, so
// a smaller face is upscaled and matches less reliably; at a kiosk a citizen within arm's length is above it.
inline constexpr double min_face_width = 0.20;
// The face centre may be this far from the frame centre, as a share of width and height: the whole face must
// be in view for the landmarks, and the screen's guide oval is drawn there.
inline constexpr double max_centre_offset_x = 0.20;
inline constexpr double max_centre_offset_y = 0.25;
// Mean grey level (0-255) of the face: below, a backlit or unlit face (features lost in noise); above, washed
// out by a lamp or the sun. Well exposed faces sit around 90-170.
inline constexpr double min_face_luminance = 50;
inline constexpr double max_face_luminance = 210;
// Variance of the Laplacian of the face scaled to sharpness_side square (so distance does not change it).
// Measured on the test frames at 640x480: a sharp portrait scores 550-650 and a soft one (a 40 px face
// enlarged 5x) 85-130; a Gaussian blur of 3 px (motion, focus) takes them to about 50 and 25.
inline constexpr int sharpness_side = 96;
inline constexpr double min_face_sharpness = 60;

struct GateResult {
    std::optional<Instruction> failed;  // empty: every gate passed
    std::optional<DetectedFace> face;   // the citizen's face when there is exactly one
};

// `faces` largest first, as the detectors give them; `bgr` the frame they were found in.
GateResult checkQualityGates(const cv::Mat& bgr, std::span<const DetectedFace> faces);

// The measures behind the lighting and sharpness gates, for tests and the bench.
double faceLuminance(const cv::Mat& bgr, const cv::Rect& box);
double faceSharpness(const cv::Mat& bgr, const cv::Rect& box);

}  // namespace yici::face
