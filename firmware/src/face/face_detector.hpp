// Finds faces in a BGR frame. Two detectors: YuNet (an ONNX model, with the five landmarks that face
// alignment needs) and Debian's cascades (no model file to install, no landmarks).
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include <opencv2/core/types.hpp>

#include "base/error.hpp"

namespace cv {
class Mat;
}

namespace yici::face {

// Faces narrower than this share of the frame width are not reported at all: they are people further back
// in the hall, not the citizen at the kiosk. Below the "too small" gate (quality_gates.hpp), so a citizen a
// little too far away is told to come closer instead of being told there is no face.
inline constexpr double min_detected_face_width = 0.10;

struct DetectedFace {
    cv::Rect box;  // pixels of the frame, clipped to it
    float score = 0;
    // YuNet only: right eye, left eye, nose tip, right and left mouth corners (the subject's right and left).
    std::optional<std::array<cv::Point2f, 5>> landmarks;
};

class FaceDetector {
  public:
    virtual ~FaceDetector() = default;
    // Faces of at least min_detected_face_width, largest first. Fails (never throws) when OpenCV does.
    virtual Expected<std::vector<DetectedFace>> detect(const cv::Mat& bgr) = 0;
    virtual std::string_view name() const = 0;  // "yunet", "lbp_cascade", "haar_cascade"
    virtual bool hasLandmarks() const = 0;
};

// Smallest face side in pixels the detectors look for in a frame `frame_width` wide.
int minDetectedFaceSide(int frame_width);

// Largest first; faces narrower than the minimum dropped, then boxes clipped to the frame.
void tidyDetections(std::vector<DetectedFace>& faces, cv::Size frame);

}  // namespace yici::face
