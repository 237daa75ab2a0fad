// Same person or not: SFace (cv::FaceRecognizerSF, face_recognition_sface_2021dec.onnx) turns a face aligned
// on YuNet's five landmarks into a 128-number feature; two features match when their cosine similarity
// reaches the board's [face] match_threshold (0.363, the model's published threshold).
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include <opencv2/core/mat.hpp>
#include <opencv2/objdetect/face.hpp>

#include "face/face_detector.hpp"

namespace yici::face {

// What the face check concludes. Score and decision only: never an image or a feature.
struct MatchResult {
    enum class Decision { match, no_match, unavailable };
    Decision decision = Decision::unavailable;
    double score = 0;      // cosine similarity, -1..1; 0 when unavailable
    double threshold = 0;  // the board's match_threshold
    // Why it is unavailable, for the log and the technician: "no_recognizer_model", "match_needs_yunet",
    // "no_reference_photo", "no_face_in_reference_photo", "no_face_detector", "match_failed". Empty
    // otherwise. Always a literal: the view stays valid.
    std::string_view reason;
};

std::string_view decisionName(MatchResult::Decision decision);

class FaceMatcher {
  public:
    // A missing file, one OpenCV cannot load, or a model that fails on a test face is an error naming the
    // file.
    static Expected<std::unique_ptr<FaceMatcher>> load(const std::filesystem::path& model, double threshold);

    // The feature of `face` (which needs landmarks) in `bgr`; a copy that owns its 128 floats.
    Expected<cv::Mat> feature(const cv::Mat& bgr, const DetectedFace& face);
    MatchResult compare(const cv::Mat& live, const cv::Mat& reference) const;
    double threshold() const { return threshold_; }

  private:
    FaceMatcher(cv::Ptr<cv::FaceRecognizerSF> net, double threshold);

    cv::Ptr<cv::FaceRecognizerSF> net_;
    double threshold_;
};

}  // namespace yici::face
