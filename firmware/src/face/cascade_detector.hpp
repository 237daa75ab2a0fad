// The face detector that needs no model file: the cascades of Debian's opencv-data, LBP first (faster),
// Haar when the LBP file is missing. No landmarks, so it cannot feed face alignment for a match.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/objdetect.hpp>

#include "face/face_detector.hpp"

namespace yici::face {

// Where Debian's opencv-data puts the cascades (haarcascades/, lbpcascades/).
inline const std::filesystem::path debian_cascade_dir = "/usr/share/opencv4";

// Tuned with bench/face_detect for >= 15 frames/s at 640x480 on two cores (docs/face-check.md):
// each pyramid step is 20 % larger than the last (1.1 finds the same kiosk faces at 2/3 the speed) ...
inline constexpr double cascade_scale_factor = 1.2;
// ... and a face must be found by 3 overlapping windows (OpenCV's default; 2 lets crowd faces through).
inline constexpr int cascade_min_neighbors = 3;

struct CascadeParameters {
    std::filesystem::path file;
    std::string name;  // "lbp_cascade" or "haar_cascade"
    // The LBP cascade's box covers brows to mouth; the Haar cascade's, like YuNet's, the whole face. Gates
    // are written for the whole face, so LBP boxes are enlarged about their centre (1.65: measured against
    // the Haar cascade on the test frames).
    double box_scale = 1.0;
};

// The cascade to use under `dir`: lbpcascades/lbpcascade_frontalface_improved.xml, else
// haarcascades/haarcascade_frontalface_default.xml; an error naming both when neither exists.
Expected<CascadeParameters> findFrontalFaceCascade(const std::filesystem::path& dir);

// minSize for detectMultiScale on a frame `frame_width` wide: the smallest face reported
// (min_detected_face_width) in the cascade's own box size.
cv::Size cascadeMinSize(const CascadeParameters& cascade, int frame_width);

class CascadeDetector final : public FaceDetector {
  public:
    // Loads the cascade under `dir` (debian_cascade_dir in the product; tests point elsewhere).
    static Expected<std::unique_ptr<CascadeDetector>> load(const std::filesystem::path& dir);

    Expected<std::vector<DetectedFace>> detect(const cv::Mat& bgr) override;
    std::string_view name() const override { return parameters_.name; }
    bool hasLandmarks() const override { return false; }

  private:
    CascadeDetector(CascadeParameters parameters, cv::CascadeClassifier classifier);

    CascadeParameters parameters_;
    cv::CascadeClassifier classifier_;
    cv::Mat gray_;  // reused between frames
};

}  // namespace yici::face
