// Where camera frames go. While a citizen session is at the face step, frames feed the face check against the
// card photo and a low-resolution JPEG preview for the screen; the rest of the time, a few frames a second
// are searched for QR codes (a ticket held up for a rating, an appointment code). One worker thread does the
// image work and a frame that arrives while it is busy is dropped, so the camera never queues up behind a
// slow board. State lives on the Asio thread; frames and previews stay in memory and are zeroed when done.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

#include "config/board_config.hpp"
#include "face/face_check.hpp"
#include "http/event_stream.hpp"
#include "http/server.hpp"
#include "prereg/flow.hpp"
#include "scan/qr_scanner.hpp"
#include "yici/hal/camera.hpp"

namespace yici::app {

struct CameraPipelineOptions {
    face::FaceCheckOptions face;
    std::string queue_url;  // the hall catalog's: a QR with it is one of this hall's tickets
    // The face step gives up after this long without a decision (decision "timed_out": staff verify).
    std::chrono::seconds face_timeout{30};
};

// The board's [face] keys and the hall's queue URL as the pipeline's options.
CameraPipelineOptions cameraPipelineOptions(const config::BoardConfig::Face& face, std::string queue_url);

class CameraPipeline {
  public:
    // The preview's size and pace: enough to see where to stand, no more.
    static constexpr int preview_width = 320;
    static constexpr int preview_height = 240;
    static constexpr std::chrono::milliseconds preview_interval{100};  // at most 10 fps
    static constexpr std::chrono::milliseconds qr_interval{333};       // at most 3 scans a second
    static constexpr std::chrono::seconds qr_repeat{5};                // the same code again is ignored

    // `camera` may be null (none configured, or it failed to open): every face step is then handed to staff.
    CameraPipeline(boost::asio::any_io_executor executor, CameraPipelineOptions options,
                   const hal::Camera* camera, prereg::Flow& sessions, http::EventHub& events);
    ~CameraPipeline();
    CameraPipeline(const CameraPipeline&) = delete;
    CameraPipeline& operator=(const CameraPipeline&) = delete;

    // The camera's frame handler (on the Asio thread).
    hal::Camera::FrameHandler frameHandler();
    // The session `serial` entered the face step: a new check begins with the next frame.
    void faceStep(std::uint64_t serial);
    // GET /api/v1/camera/preview.mjpg: multipart/x-mixed-replace JPEGs while the face step lasts.
    boost::asio::awaitable<void> servePreview(boost::beast::tcp_stream& stream, const http::Request& request);
    // When the newest frame came (the self-test's proof that the camera works); nullopt before the first.
    std::optional<std::chrono::steady_clock::time_point> lastFrameAt() const { return last_frame_at_; }
    // The face check's models, for /health.
    hal::Health faceHealth() const { return face_.health(); }
    void stop();

  private:
    struct FaceOutcome;
    bool atFaceStep() const;
    void onFrame(hal::Frame frame);
    void checkFace(hal::Frame frame);
    void faceChecked(const FaceOutcome& outcome);
    void endFace(const prereg::FaceResult* result);
    void scanQr(hal::Frame frame);
    void qrScanned(const std::vector<std::string>& texts);
    void showPreview(std::shared_ptr<const std::string> jpeg);
    void publishFace(const face::Instruction& instruction, const std::optional<face::NormalisedBox>& box);

    boost::asio::any_io_executor executor_;
    CameraPipelineOptions options_;
    const hal::Camera* camera_;
    prereg::Flow& sessions_;
    http::EventHub& events_;
    boost::asio::thread_pool worker_{1};
    // Worker only.
    face::FaceCheck face_;
    scan::QrScanner qr_;
    // Asio thread only.
    bool busy_ = false;  // the worker has a frame
    std::optional<std::chrono::steady_clock::time_point> last_frame_at_;
    bool stopped_ = false;
    std::uint64_t face_serial_ = 0;  // the session at the face step; 0: none
    std::uint64_t face_round_ = 0;   // counts face steps, so a late result of an earlier one is dropped
    bool face_restart_ = false;      // the next face frame starts a new check
    boost::asio::steady_timer face_timer_;
    std::chrono::steady_clock::time_point last_preview_{};
    std::chrono::steady_clock::time_point last_face_event_{};
    std::string last_face_code_;
    std::chrono::steady_clock::time_point last_qr_{};
    std::string last_qr_text_;
    std::chrono::steady_clock::time_point last_qr_at_{};
    std::shared_ptr<const std::string> preview_;  // the newest preview JPEG; null outside the face step
    std::uint64_t preview_seq_ = 0;
    std::list<std::shared_ptr<boost::asio::steady_timer>> preview_waiters_;
    std::shared_ptr<int> preview_viewers_ = std::make_shared<int>(0);
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::app
