// A Camera the test feeds frame by frame, with scripted health.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

#include "yici/hal/camera.hpp"
#include "yici/hal/errors.hpp"

namespace yici::testing {

class FakeCamera final : public hal::Camera {
  public:
    void start(FrameHandler on_frame) override {
        on_frame_ = std::move(on_frame);
        started = true;
    }
    void stop() override {
        on_frame_ = nullptr;
        started = false;
    }
    hal::Health health() const override { return health_; }

    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail = "") {
        health_ = hal::Health{.level = level, .code = code, .detail = std::move(detail), .since = {}};
    }
    // Hands a frame to whoever started the camera; nothing happens while it is stopped.
    void deliver(hal::Frame frame) {
        if (frame.at == std::chrono::steady_clock::time_point{}) frame.at = std::chrono::steady_clock::now();
        ++delivered;
        if (on_frame_) on_frame_(std::move(frame));
    }
    // A grey frame of the configured size.
    static hal::Frame grey(int width = 640, int height = 480) {
        hal::Frame f;
        f.width = width;
        f.height = height;
        f.bgr.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3,
                     std::uint8_t{128});
        return f;
    }

    bool started = false;
    int delivered = 0;

  private:
    FrameHandler on_frame_;
    hal::Health health_ =
        hal::Health{.level = hal::HealthLevel::ok, .code = hal::Errc::ok, .detail = "", .since = {}};
};

}  // namespace yici::testing
