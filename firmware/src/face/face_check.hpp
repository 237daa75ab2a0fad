// The face check, frame by frame: quality gates, then basic liveness, then a match against a reference photo
// (docs/face-check.md). Synchronous and CPU-bound (about 20 ms a 640x480 frame with the cascade on the x86
// dev machine, several times that on an ARM board; start() runs the models on the reference photo): call it
// on a worker thread, never on the Asio thread. One thread at a time may call start/onFrame/cancel/progress;
// health() may be called from any thread. Frames, the reference photo and features stay in memory and are
// zeroed when done; what comes out is instructions, a box, a score and a decision.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "base/error_code.hpp"
#include "face/cascade_detector.hpp"
#include "face/face_matcher.hpp"
#include "face/instruction.hpp"
#include "face/liveness.hpp"
#include "face/yunet_detector.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/health.hpp"

namespace yici::face {

struct FaceCheckOptions {
    // YuNet ONNX (face_detection_yunet_2022mar.onnx); empty: Debian's cascade.
    std::filesystem::path detector_model;
    // SFace ONNX (face_recognition_sface_2021dec.onnx); empty: no match, staff verify.
    std::filesystem::path recognizer_model;
    double match_threshold = 0.363;
    std::filesystem::path cascade_dir = debian_cascade_dir;  // tests point elsewhere
};

// A box as shares of the frame (0-1), for the screen to draw over its own preview.
struct NormalisedBox {
    double x = 0;
    double y = 0;
    double width = 0;
    double height = 0;
};

struct FaceCheckProgress {
    enum class Stage { idle, checking, done };
    Stage stage = Stage::idle;
    std::optional<Instruction> instruction;  // what the screen says now; empty when idle
    std::optional<NormalisedBox> face;       // the citizen's face in the last frame, when one was found
    bool liveness_passed = false;
    std::optional<MatchResult> result;  // when done
};

std::string_view stageName(FaceCheckProgress::Stage stage);

class FaceCheck {
  public:
    // Loads the models; never fails. A model that is missing or does not load leaves health `warning`
    // (face_model_unusable, the detail naming the file) and the check falls back to the cascade; without
    // any detector health is `critical` and every check ends at once as unavailable.
    explicit FaceCheck(FaceCheckOptions options);
    ~FaceCheck();
    FaceCheck(const FaceCheck&) = delete;
    FaceCheck& operator=(const FaceCheck&) = delete;

    // Begins a check against `reference_bgr` (8-bit BGR, e.g. the decoded ID card photo; empty when there is
    // none: the check then ends as unavailable). Any check in progress is forgotten.
    void start(const cv::Mat& reference_bgr);
    // Feeds the next camera frame and says where the check stands. Ignored while idle or done. Fails on a
    // frame whose size does not match its bytes, or when no detector can run.
    Expected<FaceCheckProgress> onFrame(const hal::Frame& frame);
    // Ends the check and forgets everything it held (citizen gone, session ended).
    void cancel();

    const FaceCheckProgress& progress() const { return progress_; }
    // True when a match can be made at all: SFace loaded and YuNet detecting (it gives the landmarks).
    bool canMatch() const;
    std::string_view detectorName() const;
    hal::Health health() const;

  private:
    void loadModels();
    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail);
    Expected<std::vector<DetectedFace>> detectFaces(const cv::Mat& bgr);
    void prepareReference(const cv::Mat& reference_bgr);
    void finish(MatchResult result);
    MatchResult matchLiveFace(const cv::Mat& bgr, const DetectedFace& face);
    void forgetReference();

    FaceCheckOptions options_;
    std::unique_ptr<FaceDetector> detector_;
    YuNetDetector* yunet_ = nullptr;  // detector_ when it is YuNet
    std::unique_ptr<FaceMatcher> matcher_;
    LivenessCheck liveness_;
    cv::Mat reference_feature_;
    std::string_view reference_problem_;  // why there is no reference feature
    FaceCheckProgress progress_;
    mutable std::mutex health_mutex_;
    hal::HealthTracker health_;
};

}  // namespace yici::face
