// YuNet (cv::FaceDetectorYN), an ONNX model from the OpenCV model zoo that no Debian package ships.
// OpenCV 4.6 runs face_detection_yunet_2022mar.onnx; the 2023mar model needs OpenCV >= 4.8.
#pragma once

#include <filesystem>
#include <memory>

#include <opencv2/core/mat.hpp>
#include <opencv2/objdetect/face.hpp>

#include "face/face_detector.hpp"

namespace yici::face {

// Frames are shrunk to this width before YuNet: the smallest face reported (min_detected_face_width, 64 px at
// 640) is still 32 px there, which YuNet finds, and the network costs a quarter of the full frame's time.
inline constexpr int yunet_input_width = 320;
// OpenCV's defaults for YuNet.
inline constexpr float yunet_score_threshold = 0.9F;
inline constexpr float yunet_nms_threshold = 0.3F;
inline constexpr int yunet_top_k = 5000;

class YuNetDetector final : public FaceDetector {
  public:
    // A missing file, one OpenCV cannot read as ONNX, or a model that fails on a test image (the 2023 models
    // on OpenCV 4.6) is an error naming the file; nothing throws.
    static Expected<std::unique_ptr<YuNetDetector>> load(const std::filesystem::path& model);

    Expected<std::vector<DetectedFace>> detect(const cv::Mat& bgr) override;
    std::string_view name() const override { return "yunet"; }
    bool hasLandmarks() const override { return true; }

    // Faces in an image of any size, e.g. the reference photo, at its own size.
    Expected<std::vector<DetectedFace>> detectAtFullSize(const cv::Mat& bgr);

  private:
    explicit YuNetDetector(cv::Ptr<cv::FaceDetectorYN> net);
    Expected<std::vector<DetectedFace>> run(const cv::Mat& input, double to_frame, cv::Size frame);

    cv::Ptr<cv::FaceDetectorYN> net_;
    cv::Mat small_;  // reused between frames
};

}  // namespace yici::face
