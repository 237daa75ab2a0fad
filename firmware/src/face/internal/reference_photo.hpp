// The photo the live face is compared with (e.g. the ID card's, 102x126): made easier for the detector.
#pragma once

#include <opencv2/core/mat.hpp>

namespace yici::face {

// ID photos are small and cropped tight around the head, and detectors miss faces that touch the border: the
// photo is enlarged to at least reference_min_height rows and given a reference_border margin of its own edge
// pixels on every side. An empty or non-BGR image gives an empty one.
inline constexpr int reference_min_height = 320;
inline constexpr double reference_border = 0.2;

cv::Mat preparedReferencePhoto(const cv::Mat& bgr);

}  // namespace yici::face
