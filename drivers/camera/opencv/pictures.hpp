// The pictures the camera driver reads: image files (PNG with libpng; JPEG, BMP, PPM and PGM with
// libjpeg-turbo) and a V4L2 camera's MJPEG frames. Every result is 8-bit BGR; empty when the bytes are not a
// picture it can read, or one larger than max_picture_side on a side.
#pragma once

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace yici::opencv_camera {

inline constexpr int max_picture_side = 8192;

// True for the file names readPicture reads (by extension, any case): .png .jpg .jpeg .bmp .ppm .pgm.
bool isPictureName(std::string_view name);

cv::Mat readPicture(const std::string& path);

// JPEGs in memory, with one libjpeg-turbo handle for all of them (a camera's MJPEG stream).
class JpegDecoder {
  public:
    JpegDecoder();
    // A frame with a damaged tail still gives what was decoded.
    cv::Mat decode(std::span<const std::uint8_t> jpeg);

  private:
    std::unique_ptr<void, int (*)(void*)> handle_;
};

}  // namespace yici::opencv_camera
