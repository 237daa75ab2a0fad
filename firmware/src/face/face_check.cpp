// The face check's steps and the fallbacks when a model is missing or fails.
#include "face/face_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdint>

#include "face/internal/errors.hpp"
#include "face/internal/quality_gates.hpp"
#include "face/internal/reference_photo.hpp"
#include "yici/hal/errors.hpp"

namespace yici::face {

namespace {

NormalisedBox normalisedBox(const cv::Rect& box, cv::Size frame) {
    const auto w = static_cast<double>(frame.width);
    const auto h = static_cast<double>(frame.height);
    return {box.x / w, box.y / h, box.width / w, box.height / h};
}

Expected<cv::Mat> frameImage(const hal::Frame& frame) {
    if (!frame.wellFormed())
        return fail(Errc::face_frame_malformed,
                    fmt::format("a {}x{} frame with {} bytes", frame.width, frame.height, frame.bgr.size()));
    // A view on the frame's bytes; nothing here writes to it.
    return cv::Mat(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
}

MatchResult unavailable(std::string_view reason, double threshold) {
    MatchResult result;
    result.threshold = threshold;
    result.reason = reason;
    return result;
}

}  // namespace

std::string_view stageName(FaceCheckProgress::Stage stage) {
    switch (stage) {
        case FaceCheckProgress::Stage::idle:
            return "idle";
        case FaceCheckProgress::Stage::checking:
            return "checking";
        case FaceCheckProgress::Stage::done:
            return "done";
    }
    return "idle";
}

FaceCheck::FaceCheck(FaceCheckOptions options) : options_(std::move(options)) {
    loadModels();
}

FaceCheck::~FaceCheck() {
    forgetReference();
}

void FaceCheck::setHealth(hal::HealthLevel level, ErrorCode code, std::string detail) {
    const std::lock_guard lock(health_mutex_);
    health_.set(level, code, std::move(detail));
}

hal::Health FaceCheck::health() const {
    const std::lock_guard lock(health_mutex_);
    return health_.get();
}

void FaceCheck::loadModels() {
    std::vector<std::string> problems;  // for the technician: each names its file
    if (!options_.detector_model.empty()) {
        if (auto yunet = YuNetDetector::load(options_.detector_model)) {
            yunet_ = yunet->get();
            detector_ = std::move(*yunet);
        } else {
            problems.push_back(yunet.error().message + "; using the cascade");
        }
    }
    if (!detector_) {
        if (auto cascade = CascadeDetector::load(options_.cascade_dir)) {
            detector_ = std::move(*cascade);
        } else {
            problems.push_back(cascade.error().message);
            setHealth(hal::HealthLevel::critical, cascade.error().code,
                      fmt::format("{}", fmt::join(problems, "; ")));
            return;
        }
    }
    if (!options_.recognizer_model.empty()) {
        if (auto matcher = FaceMatcher::load(options_.recognizer_model, options_.match_threshold))
            matcher_ = std::move(*matcher);
        else
            problems.push_back(matcher.error().message + "; staff verify");
    }
    if (!problems.empty()) {
        setHealth(hal::HealthLevel::warning, Errc::face_model_unusable,
                  fmt::format("{}", fmt::join(problems, "; ")));
    } else if (matcher_ && !yunet_) {
        setHealth(
            hal::HealthLevel::warning, Errc::face_match_needs_yunet,
            "recognizer_model is set but SFace aligns faces on YuNet's landmarks: set detector_model too");
    } else if (!matcher_) {
        setHealth(hal::HealthLevel::ok, hal::Errc::ok,
                  fmt::format("{}; no recognizer_model: staff verify faces", detector_->name()));
    } else {
        setHealth(hal::HealthLevel::ok, hal::Errc::ok, "yunet + sface");
    }
}

bool FaceCheck::canMatch() const {
    return matcher_ != nullptr && yunet_ != nullptr;
}

std::string_view FaceCheck::detectorName() const {
    return detector_ ? detector_->name() : "none";
}

void FaceCheck::start(const cv::Mat& reference_bgr) {
    cancel();
    progress_.stage = FaceCheckProgress::Stage::checking;
    progress_.instruction = face_not_found;
    prepareReference(reference_bgr);
}

void FaceCheck::cancel() {
    liveness_.reset();
    forgetReference();
    progress_ = {};
}

void FaceCheck::forgetReference() {
    if (!reference_feature_.empty()) reference_feature_.setTo(0);
    reference_feature_.release();
    reference_problem_ = {};
}

void FaceCheck::prepareReference(const cv::Mat& reference_bgr) {
    if (!matcher_) {
        reference_problem_ = "no_recognizer_model";
        return;
    }
    if (!yunet_) {
        reference_problem_ = "match_needs_yunet";
        return;
    }
    if (reference_bgr.empty() || reference_bgr.type() != CV_8UC3) {
        reference_problem_ = "no_reference_photo";
        return;
    }
    cv::Mat photo;
    try {
        photo = preparedReferencePhoto(reference_bgr);
    } catch (const cv::Exception&) {
        reference_problem_ = "no_reference_photo";
        return;
    }
    auto faces = yunet_->detectAtFullSize(photo);
    if (faces && !faces->empty()) {
        if (auto feature = matcher_->feature(photo, faces->front())) {
            reference_feature_ = std::move(*feature);
        } else {
            reference_problem_ = "match_failed";
        }
    } else {
        reference_problem_ = "no_face_in_reference_photo";
    }
    photo.setTo(0);
}

Expected<std::vector<DetectedFace>> FaceCheck::detectFaces(const cv::Mat& bgr) {
    auto faces = detector_->detect(bgr);
    if (faces || yunet_ == nullptr) return faces;
    // YuNet failed on a real frame: carry on with the cascade (no match possible), and tell the technician.
    const std::string why = faces.error().message;
    auto cascade = CascadeDetector::load(options_.cascade_dir);
    if (!cascade) {
        setHealth(hal::HealthLevel::critical, cascade.error().code,
                  fmt::format("{}; {}", why, cascade.error().message));
        return faces;
    }
    setHealth(hal::HealthLevel::warning, Errc::face_model_unusable,
              fmt::format("{}: fails on camera frames ({}); using the cascade",
                          options_.detector_model.string(), why));
    yunet_ = nullptr;
    detector_ = std::move(*cascade);
    return detector_->detect(bgr);
}

Expected<FaceCheckProgress> FaceCheck::onFrame(const hal::Frame& frame) {
    if (progress_.stage != FaceCheckProgress::Stage::checking) return progress_;
    if (!detector_) {
        finish(unavailable("no_face_detector", options_.match_threshold));
        return progress_;
    }
    auto image = frameImage(frame);
    if (!image) return std::unexpected(image.error());
    auto faces = detectFaces(*image);
    if (!faces) return std::unexpected(faces.error());

    const GateResult gates = checkQualityGates(*image, *faces);
    progress_.face.reset();
    if (gates.face) progress_.face = normalisedBox(gates.face->box, image->size());
    if (gates.failed) {
        // Nobody, or somebody else too: the frames so far may not be the same person.
        if (*gates.failed == face_not_found || *gates.failed == face_multiple) liveness_.reset();
        progress_.instruction = *gates.failed;
        return progress_;
    }
    switch (liveness_.add(frame.at, *image, gates.face->box)) {
        case LivenessCheck::State::collecting:
            progress_.instruction = face_checking;
            break;
        case LivenessCheck::State::no_change:
            progress_.instruction = face_no_live_change;
            break;
        case LivenessCheck::State::passed:
            progress_.liveness_passed = true;
            finish(matchLiveFace(*image, *gates.face));
            break;
    }
    return progress_;
}

MatchResult FaceCheck::matchLiveFace(const cv::Mat& bgr, const DetectedFace& face) {
    if (reference_feature_.empty()) return unavailable(reference_problem_, options_.match_threshold);
    // YuNet may have been swapped for the cascade since the reference was prepared (detectFaces).
    if (!face.landmarks) return unavailable("match_needs_yunet", options_.match_threshold);
    auto live = matcher_->feature(bgr, face);
    if (!live) return unavailable("match_failed", options_.match_threshold);
    MatchResult result = matcher_->compare(*live, reference_feature_);
    live->setTo(0);
    return result;
}

void FaceCheck::finish(MatchResult result) {
    progress_.stage = FaceCheckProgress::Stage::done;
    switch (result.decision) {
        case MatchResult::Decision::match:
            progress_.instruction = face_matched;
            break;
        case MatchResult::Decision::no_match:
            progress_.instruction = face_not_matched;
            break;
        case MatchResult::Decision::unavailable:
            progress_.instruction = face_check_unavailable;
            break;
    }
    progress_.result = result;
    liveness_.reset();
    forgetReference();
}

}  // namespace yici::face
