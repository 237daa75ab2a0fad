// Quality gates, cheapest first; only the face region is converted or filtered.
#include "face/internal/quality_gates.hpp"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace yici::face {

namespace {

// The part of the face inside the frame, in grey; empty when none of it is.
cv::Mat greyFace(const cv::Mat& bgr, const cv::Rect& box) {
    const cv::Rect inside = box & cv::Rect(0, 0, bgr.cols, bgr.rows);
    cv::Mat grey;
    if (!inside.empty()) cv::cvtColor(bgr(inside), grey, cv::COLOR_BGR2GRAY);
    return grey;
}

bool isCentral(const cv::Rect& box, cv::Size frame) {
    const double cx = (box.x + box.width / 2.0) / frame.width;
    const double cy = (box.y + box.height / 2.0) / frame.height;
    return std::abs(cx - 0.5) <= max_centre_offset_x && std::abs(cy - 0.5) <= max_centre_offset_y;
}

double luminanceOf(const cv::Mat& grey) {
    return grey.empty() ? 0 : cv::mean(grey)[0];
}

double sharpnessOf(const cv::Mat& grey) {
    if (grey.empty()) return 0;
    cv::Mat scaled;
    cv::resize(grey, scaled, cv::Size(sharpness_side, sharpness_side), 0, 0, cv::INTER_AREA);
    cv::Mat laplacian;
    cv::Laplacian(scaled, laplacian, CV_32F);
    cv::Scalar mean;
    cv::Scalar deviation;
    cv::meanStdDev(laplacian, mean, deviation);
    return deviation[0] * deviation[0];
}

}  // namespace

double faceLuminance(const cv::Mat& bgr, const cv::Rect& box) {
    return luminanceOf(greyFace(bgr, box));
}

double faceSharpness(const cv::Mat& bgr, const cv::Rect& box) {
    return sharpnessOf(greyFace(bgr, box));
}

GateResult checkQualityGates(const cv::Mat& bgr, std::span<const DetectedFace> faces) {
    if (faces.empty()) return {face_not_found, std::nullopt};
    const DetectedFace& face = faces.front();
    for (std::size_t i = 1; i < faces.size(); ++i)
        if (faces[i].box.width >= second_face_min_ratio * face.box.width)
            return {face_multiple, std::nullopt};
    if (face.box.width < min_face_width * bgr.cols) return {face_too_small, face};
    if (!isCentral(face.box, bgr.size())) return {face_not_central, face};
    const cv::Mat grey = greyFace(bgr, face.box);
    // Lighting before sharpness: a dark face has little contrast, and "hold still" would not help.
    const double luminance = luminanceOf(grey);
    if (luminance < min_face_luminance) return {face_too_dark, face};
    if (luminance > max_face_luminance) return {face_too_bright, face};
    if (sharpnessOf(grey) < min_face_sharpness) return {face_not_sharp, face};
    return {std::nullopt, face};
}

}  // namespace yici::face
