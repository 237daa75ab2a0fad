// YuNet: shrink, detect, map boxes and landmarks back to the frame.
#include "face/yunet_detector.hpp"

#include <fmt/format.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "face/internal/errors.hpp"

namespace yici::face {

namespace {

constexpr int yunet_columns = 15;  // x, y, w, h, five landmarks (x, y), score

Expected<void> modelFileExists(const std::filesystem::path& model) {
    std::error_code ec;
    if (!std::filesystem::exists(model, ec))
        return fail(Errc::face_model_missing, fmt::format("{}: no such file", model.string()));
    if (!std::filesystem::is_regular_file(model, ec))
        return fail(Errc::face_model_missing, fmt::format("{}: not a regular file", model.string()));
    return {};
}

}  // namespace

Expected<std::unique_ptr<YuNetDetector>> YuNetDetector::load(const std::filesystem::path& model) {
    if (auto exists = modelFileExists(model); !exists) return std::unexpected(exists.error());
    cv::Ptr<cv::FaceDetectorYN> net;
    try {
        net = cv::FaceDetectorYN::create(model.string(), "",
                                         cv::Size(yunet_input_width, yunet_input_width * 3 / 4),
                                         yunet_score_threshold, yunet_nms_threshold, yunet_top_k);
    } catch (const cv::Exception& e) {
        return fail(
            Errc::face_model_unusable,
            fmt::format("{}: OpenCV cannot load it as a YuNet ONNX model ({})", model.string(), e.err));
    }
    if (net.empty())
        return fail(Errc::face_model_unusable,
                    fmt::format("{}: OpenCV returned no detector", model.string()));
    std::unique_ptr<YuNetDetector> detector(new YuNetDetector(std::move(net)));
    // A model can load and still not run here (the 2023 YuNet on OpenCV 4.6): find out now, not on a citizen.
    const cv::Mat blank(yunet_input_width * 3 / 4, yunet_input_width, CV_8UC3, cv::Scalar::all(0));
    if (auto trial = detector->detect(blank); !trial)
        return fail(Errc::face_model_unusable,
                    fmt::format("{}: loads but fails on a test image ({}); OpenCV 4.6 needs "
                                "face_detection_yunet_2022mar.onnx (the 2023 models need OpenCV 4.8)",
                                model.string(), trial.error().message));
    return detector;
}

YuNetDetector::YuNetDetector(cv::Ptr<cv::FaceDetectorYN> net) : net_(std::move(net)) {}

Expected<std::vector<DetectedFace>> YuNetDetector::detect(const cv::Mat& bgr) {
    if (bgr.cols <= yunet_input_width) return run(bgr, 1.0, bgr.size());
    const double shrink = static_cast<double>(yunet_input_width) / bgr.cols;
    const cv::Size size(yunet_input_width, std::max(1, static_cast<int>(std::lround(bgr.rows * shrink))));
    try {
        cv::resize(bgr, small_, size, 0, 0, cv::INTER_AREA);
    } catch (const cv::Exception& e) {
        return fail(Errc::face_detect_failed, fmt::format("yunet: {}", e.err));
    }
    return run(small_, static_cast<double>(bgr.cols) / size.width, bgr.size());
}

Expected<std::vector<DetectedFace>> YuNetDetector::detectAtFullSize(const cv::Mat& bgr) {
    return run(bgr, 1.0, bgr.size());
}

Expected<std::vector<DetectedFace>> YuNetDetector::run(const cv::Mat& input, double to_frame,
                                                       cv::Size frame) {
    cv::Mat rows;
    try {
        if (net_->getInputSize() != input.size()) net_->setInputSize(input.size());
        net_->detect(input, rows);
    } catch (const cv::Exception& e) {
        return fail(Errc::face_detect_failed, fmt::format("yunet: {}", e.err));
    }
    std::vector<DetectedFace> faces;
    if (rows.empty()) return faces;
    if (rows.type() != CV_32F || rows.cols != yunet_columns)
        return fail(Errc::face_detect_failed,
                    fmt::format("yunet: unexpected output {}x{}", rows.rows, rows.cols));
    const auto scaled = [to_frame](float v) { return static_cast<float>(v * to_frame); };
    for (int r = 0; r < rows.rows; ++r) {
        const float* row = rows.ptr<float>(r);
        DetectedFace face;
        face.box = cv::Rect(
            static_cast<int>(std::lround(scaled(row[0]))), static_cast<int>(std::lround(scaled(row[1]))),
            static_cast<int>(std::lround(scaled(row[2]))), static_cast<int>(std::lround(scaled(row[3]))));
        std::array<cv::Point2f, 5> points;
        for (std::size_t i = 0; i < points.size(); ++i)
            points[i] = {scaled(row[4 + 2 * i]), scaled(row[5 + 2 * i])};
        face.landmarks = points;
        face.score = row[14];
        faces.push_back(face);
    }
    tidyDetections(faces, frame);
    return faces;
}

}  // namespace yici::face
