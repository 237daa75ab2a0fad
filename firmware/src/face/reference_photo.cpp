// Enlarging and padding the reference photo before detection.
#include "face/internal/reference_photo.hpp"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace yici::face {

cv::Mat preparedReferencePhoto(const cv::Mat& bgr) {
    if (bgr.empty() || bgr.type() != CV_8UC3) return {};
    cv::Mat photo = bgr;
    if (bgr.rows < reference_min_height) {
        const double scale = static_cast<double>(reference_min_height) / bgr.rows;
        cv::resize(bgr, photo, cv::Size(), scale, scale, cv::INTER_CUBIC);
    }
    const int x = static_cast<int>(std::lround(photo.cols * reference_border));
    const int y = static_cast<int>(std::lround(photo.rows * reference_border));
    cv::Mat padded;
    cv::copyMakeBorder(photo, padded, y, y, x, x, cv::BORDER_REPLICATE);
    return padded;
}

}  // namespace yici::face
