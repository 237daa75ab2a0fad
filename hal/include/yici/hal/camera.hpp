// The kiosk camera: frames for the face check and QR scanning.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "yici/hal/driver_config.hpp"
#include "yici/hal/health.hpp"

namespace yici::hal {

struct CameraConfig {
    std::string driver = "none";  // a registered driver name ("opencv"), or "none"
    std::string source;           // /dev/video0, an image, a folder or a glob of images
    int width = 640;              // frames are delivered at this size (scaled to fit, centred)
    int height = 480;
    int fps = 15;                 // at most this many frames a second
    int frame_timeout_ms = 3000;  // no frame for this long: critical, camera_no_frames
    DriverOptions options;        // the driver's own keys, checked by the driver
};

struct Frame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> bgr;  // width * height * 3; never written to disk
    std::chrono::steady_clock::time_point at{};

    // A positive size and width * height * 3 bytes: what every reader of a frame checks first.
    bool wellFormed() const {
        return width > 0 && height > 0 &&
               bgr.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3;
    }
};

class Camera {
  public:
    using FrameHandler = std::function<void(Frame)>;

    virtual ~Camera() = default;
    // Frames arrive on the executor the camera was created with, never on a capture thread.
    virtual void start(FrameHandler on_frame) = 0;
    virtual void stop() = 0;
    virtual Health health() const = 0;
};

}  // namespace yici::hal
