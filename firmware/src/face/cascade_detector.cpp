// Debian's frontal-face cascades: grey, equalised histogram, one detectMultiScale pass.
#include "face/cascade_detector.hpp"

#include <fmt/format.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "face/internal/errors.hpp"

namespace yici::face {

namespace {

constexpr double lbp_box_scale = 1.65;

cv::Rect scaledAboutCentre(const cv::Rect& box, double scale) {
    const double cx = box.x + box.width / 2.0;
    const double cy = box.y + box.height / 2.0;
    const double w = box.width * scale;
    const double h = box.height * scale;
    return {static_cast<int>(std::lround(cx - w / 2)), static_cast<int>(std::lround(cy - h / 2)),
            static_cast<int>(std::lround(w)), static_cast<int>(std::lround(h))};
}

}  // namespace

Expected<CascadeParameters> findFrontalFaceCascade(const std::filesystem::path& dir) {
    const auto lbp = dir / "lbpcascades/lbpcascade_frontalface_improved.xml";
    const auto haar = dir / "haarcascades/haarcascade_frontalface_default.xml";
    std::error_code ec;
    if (std::filesystem::is_regular_file(lbp, ec))
        return CascadeParameters{lbp, "lbp_cascade", lbp_box_scale};
    if (std::filesystem::is_regular_file(haar, ec)) return CascadeParameters{haar, "haar_cascade", 1.0};
    return fail(
        Errc::face_cascade_missing,
        fmt::format("neither {} nor {} exists (install Debian's opencv-data)", lbp.string(), haar.string()));
}

cv::Size cascadeMinSize(const CascadeParameters& cascade, int frame_width) {
    const int side = static_cast<int>(std::lround(minDetectedFaceSide(frame_width) / cascade.box_scale));
    return {side, side};
}

Expected<std::unique_ptr<CascadeDetector>> CascadeDetector::load(const std::filesystem::path& dir) {
    auto parameters = findFrontalFaceCascade(dir);
    if (!parameters) return std::unexpected(parameters.error());
    cv::CascadeClassifier classifier;
    try {
        if (!classifier.load(parameters->file.string()) || classifier.empty())
            return fail(Errc::face_cascade_unusable,
                        fmt::format("{} is not a cascade OpenCV can load", parameters->file.string()));
    } catch (const cv::Exception& e) {
        return fail(Errc::face_cascade_unusable, fmt::format("{}: {}", parameters->file.string(), e.what()));
    }
    return std::unique_ptr<CascadeDetector>(
        new CascadeDetector(std::move(*parameters), std::move(classifier)));
}

CascadeDetector::CascadeDetector(CascadeParameters parameters, cv::CascadeClassifier classifier)
    : parameters_(std::move(parameters)), classifier_(std::move(classifier)) {}

Expected<std::vector<DetectedFace>> CascadeDetector::detect(const cv::Mat& bgr) {
    std::vector<cv::Rect> boxes;
    try {
        cv::cvtColor(bgr, gray_, cv::COLOR_BGR2GRAY);
        cv::equalizeHist(gray_, gray_);
        classifier_.detectMultiScale(gray_, boxes, cascade_scale_factor, cascade_min_neighbors, 0,
                                     cascadeMinSize(parameters_, bgr.cols));
    } catch (const cv::Exception& e) {
        return fail(Errc::face_detect_failed, fmt::format("{}: {}", parameters_.name, e.what()));
    }
    std::vector<DetectedFace> faces;
    faces.reserve(boxes.size());
    for (const auto& box : boxes) faces.push_back({scaledAboutCentre(box, parameters_.box_scale), 0.0F, {}});
    tidyDetections(faces, bgr.size());
    return faces;
}

}  // namespace yici::face
