// The face step of a citizen session: frames go to the face check on a worker thread, the screen is told what
// to do through the session's events ("face": an instruction and where the face is), a low-resolution JPEG
// preview goes to whoever shows it, and the step ends with one decision: the check's, "timed_out" after the
// step's time, or "unavailable" without a working camera or detector (staff verify). A frame that arrives
// while the worker is busy is dropped, so the camera never queues up behind a slow board. State lives on the
// Asio thread; frames, the card photo and previews stay in memory and are zeroed when done.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "face/face_check.hpp"
#include "session/session_events.hpp"
#include "yici/hal/camera.hpp"
#include "yici/hal/health.hpp"

namespace yici::face {

// How a face step ended: "match", "no_match", "unavailable" (checked by staff) or "timed_out", with the
// match score when faces were compared.
struct StepDecision {
    std::string decision;
    std::optional<double> score;
};

class FaceStep {
  public:
    // The preview's size and pace: enough to see where to stand, no more.
    static constexpr int preview_width = 320;
    static constexpr int preview_height = 240;
    static constexpr std::chrono::milliseconds preview_interval{100};  // at most 10 fps
    static constexpr std::chrono::milliseconds event_interval{100};  // a moving face box: 10 events a second
    static constexpr std::chrono::seconds step_timeout{30};

    struct Hooks {
        // Whether session `serial` is still at the face step (the session may have ended or gone back).
        std::function<bool(std::uint64_t serial)> current;
        // The decision for session `serial`: once per begin(), never after cancel() or for a step left.
        std::function<void(std::uint64_t serial, StepDecision decision)> decided;
        // A new preview JPEG; null when the step ends.
        std::function<void(std::shared_ptr<const std::string> jpeg)> preview;
        // The session's card photo (a BMP; wiped once decoded), asked for on the step's first frame: it is
        // decoded from the card while the citizen chooses, and never copied when no frame comes.
        std::function<std::vector<std::uint8_t>()> photo;
    };

    // `timeout`: the step gives up after this long without a decision ("timed_out"; yicid: step_timeout).
    FaceStep(boost::asio::any_io_executor executor, FaceCheckOptions options,
             std::chrono::milliseconds timeout, session::SessionEvents& events, Hooks hooks);
    ~FaceStep();
    FaceStep(const FaceStep&) = delete;
    FaceStep& operator=(const FaceStep&) = delete;

    // Session `serial` entered the face step. `camera_ok`: frames will come.
    void begin(std::uint64_t serial, bool camera_ok);
    // The session left the step: nothing more is decided or shown.
    void cancel();
    // The session at the step; 0: none.
    std::uint64_t serial() const { return serial_; }
    // The next camera frame (Asio thread).
    void onFrame(hal::Frame frame);
    // The face check's models, for /health.
    hal::Health health() const { return check_.health(); }
    void stop();

  private:
    struct Outcome;
    void checked(const Outcome& outcome);
    void publish(const Instruction& instruction, const std::optional<NormalisedBox>& box);
    void end(const StepDecision* decision);

    boost::asio::any_io_executor executor_;
    std::chrono::milliseconds timeout_;
    session::SessionEvents& events_;
    Hooks hooks_;
    boost::asio::thread_pool worker_{1};
    FaceCheck check_;  // worker only
    // Asio thread only.
    bool busy_ = false;  // the worker has a frame
    bool stopped_ = false;
    std::uint64_t serial_ = 0;
    std::uint64_t round_ = 0;  // counts steps, so a late result of an earlier one is dropped
    bool restart_ = false;     // the next frame starts a new check
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point last_preview_{};
    std::chrono::steady_clock::time_point last_event_{};
    std::string last_code_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::face
