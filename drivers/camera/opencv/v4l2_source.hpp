// A V4L2 camera read with plain ioctls: memory-mapped streaming of MJPEG (decoded with libjpeg-turbo) or YUYV
// (converted by OpenCV's imgproc), MJPEG preferred, as most USB (UVC) cameras offer both.
#pragma once

#include <memory>
#include <string>

#include "base/error.hpp"
#include "frame_source.hpp"

namespace yici::opencv_camera {

// Opens the device, asks for width x height at `fps` (it may choose another size; the driver scales) and
// starts streaming. Fails with camera_not_found saying why: no such device, not a capture device, no MJPEG
// or YUYV, no memory-mapped streaming.
Expected<std::unique_ptr<FrameSource>> openV4l2(const std::string& path, int width, int height, int fps);

}  // namespace yici::opencv_camera
