// The "opencv" camera driver: frames from a V4L2 camera or a folder or glob of images, captured on a thread
// of its own and handed to the Asio executor at the configured size and rate (scaled with OpenCV's imgproc).
#pragma once

#include <chrono>
#include <memory>

#include "yici/hal/registry.hpp"

namespace yici::opencv_camera {

void registerDriver(hal::DriverRegistry<hal::Camera, hal::CameraConfig>& registry);

// The driver itself; `retry` is how long to wait before opening a missing source again (tests shorten it).
std::unique_ptr<hal::Camera> createCamera(boost::asio::any_io_executor executor, hal::CameraConfig config,
                                          std::chrono::milliseconds retry = std::chrono::seconds(2));

}  // namespace yici::opencv_camera
