// The face step's two picture formats, with libjpeg-turbo: the card photo the decoder plug-in gives (BMP)
// and the preview the screen shows (JPEG). Personal data: buffers in between are wiped.
#pragma once

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace yici::face {

// A BMP (8, 24 or 32 bits, uncompressed) as BGR; empty when it is not one.
cv::Mat decodeBmp(std::span<const std::uint8_t> bmp);

// `bgr` (8-bit, 3 channels) as a JPEG of `quality` (1-100); empty on failure.
std::vector<std::uint8_t> encodeJpeg(const cv::Mat& bgr, int quality);

}  // namespace yici::face
