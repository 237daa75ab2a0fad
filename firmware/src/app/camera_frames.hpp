// Where the camera's frames go: to the face step while the citizen session is at it, else to the QR watcher.
// A session that left the face step (cancelled, back, ended) ends the face step with the next frame.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "config/board_config.hpp"
#include "face/face_step.hpp"
#include "prereg/flow.hpp"
#include "scan/qr_watcher.hpp"
#include "yici/hal/camera.hpp"

namespace yici::app {

// The board's [face] keys as the face check's options.
face::FaceCheckOptions faceCheckOptions(const config::BoardConfig::Face& face);

// Whether session `serial` is at the face step.
bool atFaceStep(const prereg::Flow& sessions, std::uint64_t serial);

class CameraFrames {
  public:
    CameraFrames(const prereg::Flow& sessions, face::FaceStep& face, scan::QrWatcher& qr)
        : sessions_(sessions), face_(face), qr_(qr) {}

    // The camera's frame handler (on the Asio thread).
    hal::Camera::FrameHandler handler();
    // When the newest frame came (the self-test's proof that the camera works); nullopt before the first.
    std::optional<std::chrono::steady_clock::time_point> lastFrameAt() const { return last_frame_at_; }

  private:
    void onFrame(hal::Frame frame);

    const prereg::Flow& sessions_;
    face::FaceStep& face_;
    scan::QrWatcher& qr_;
    std::optional<std::chrono::steady_clock::time_point> last_frame_at_;
};

}  // namespace yici::app
