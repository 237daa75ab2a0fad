// The camera's frames, routed on the Asio thread.
#include "app/camera_frames.hpp"

namespace yici::app {

face::FaceCheckOptions faceCheckOptions(const config::BoardConfig::Face& face) {
    return {.detector_model = face.detector_model,
            .recognizer_model = face.recognizer_model,
            .match_threshold = face.match_threshold};
}

bool atFaceStep(const prereg::Flow& sessions, std::uint64_t serial) {
    return serial != 0 && sessions.active() && sessions.serial() == serial &&
           sessions.step() == prereg::Step::face;
}

hal::Camera::FrameHandler CameraFrames::handler() {
    return [this](hal::Frame frame) { onFrame(std::move(frame)); };
}

void CameraFrames::onFrame(hal::Frame frame) {
    last_frame_at_ = std::chrono::steady_clock::now();
    if (face_.serial() != 0 && !atFaceStep(sessions_, face_.serial())) face_.cancel();
    if (face_.serial() != 0) {
        face_.onFrame(std::move(frame));
    } else {
        qr_.onFrame(std::move(frame));
    }
}

}  // namespace yici::app
