// SFace: align on five landmarks, 128-number feature, cosine similarity against the threshold.
#include "face/face_matcher.hpp"

#include <fmt/format.h>

#include "face/internal/errors.hpp"

namespace yici::face {

namespace {

constexpr int aligned_side = 112;  // alignCrop's output: SFace's input

// The 1x15 row YuNet gives and alignCrop expects: box, five landmarks, score.
cv::Mat yunetRow(const DetectedFace& face) {
    cv::Mat row(1, 15, CV_32F);
    auto* v = row.ptr<float>(0);
    v[0] = static_cast<float>(face.box.x);
    v[1] = static_cast<float>(face.box.y);
    v[2] = static_cast<float>(face.box.width);
    v[3] = static_cast<float>(face.box.height);
    for (std::size_t i = 0; i < 5; ++i) {
        v[4 + 2 * i] = (*face.landmarks)[i].x;
        v[5 + 2 * i] = (*face.landmarks)[i].y;
    }
    v[14] = face.score;
    return row;
}

}  // namespace

std::string_view decisionName(MatchResult::Decision decision) {
    switch (decision) {
        case MatchResult::Decision::match:
            return "match";
        case MatchResult::Decision::no_match:
            return "no_match";
        case MatchResult::Decision::unavailable:
            return "unavailable";
    }
    return "unavailable";
}

Expected<std::unique_ptr<FaceMatcher>> FaceMatcher::load(const std::filesystem::path& model,
                                                         double threshold) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model, ec))
        return fail(Errc::face_model_missing, fmt::format("{}: no such file", model.string()));
    cv::Ptr<cv::FaceRecognizerSF> net;
    try {
        net = cv::FaceRecognizerSF::create(model.string(), "");
    } catch (const cv::Exception& e) {
        return fail(
            Errc::face_model_unusable,
            fmt::format("{}: OpenCV cannot load it as an SFace ONNX model ({})", model.string(), e.err));
    }
    if (net.empty())
        return fail(Errc::face_model_unusable,
                    fmt::format("{}: OpenCV returned no recognizer", model.string()));
    std::unique_ptr<FaceMatcher> matcher(new FaceMatcher(std::move(net), threshold));
    // Run it once on a blank aligned face, so a model that loads but cannot run is found now.
    cv::Mat out;
    try {
        const cv::Mat blank(aligned_side, aligned_side, CV_8UC3, cv::Scalar::all(128));
        matcher->net_->feature(blank, out);
    } catch (const cv::Exception& e) {
        return fail(Errc::face_model_unusable,
                    fmt::format("{}: loads but fails on a test face ({})", model.string(), e.err));
    }
    if (out.total() == 0)
        return fail(Errc::face_model_unusable,
                    fmt::format("{}: gives an empty feature on a test face", model.string()));
    return matcher;
}

FaceMatcher::FaceMatcher(cv::Ptr<cv::FaceRecognizerSF> net, double threshold)
    : net_(std::move(net)), threshold_(threshold) {}

Expected<cv::Mat> FaceMatcher::feature(const cv::Mat& bgr, const DetectedFace& face) {
    if (!face.landmarks) return fail(Errc::match_needs_yunet, "SFace aligns faces on YuNet's landmarks");
    try {
        cv::Mat aligned;
        net_->alignCrop(bgr, yunetRow(face), aligned);
        cv::Mat out;
        net_->feature(aligned, out);
        aligned.setTo(0);
        // The network's output buffer is reused by the next call: keep a copy.
        return out.clone();
    } catch (const cv::Exception& e) {
        return fail(Errc::match_failed, fmt::format("sface: {}", e.err));
    }
}

MatchResult FaceMatcher::compare(const cv::Mat& live, const cv::Mat& reference) const {
    MatchResult result;
    result.threshold = threshold_;
    try {
        result.score = net_->match(live, reference, cv::FaceRecognizerSF::FR_COSINE);
    } catch (const cv::Exception&) {
        result.reason = "match_failed";
        return result;
    }
    result.decision =
        result.score >= threshold_ ? MatchResult::Decision::match : MatchResult::Decision::no_match;
    return result;
}

}  // namespace yici::face
