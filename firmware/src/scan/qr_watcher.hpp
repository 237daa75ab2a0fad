// QR codes held up to the camera between face steps: a few frames a second are searched on a worker thread,
// and each code the kiosk uses is told to the screen once through the session's events ("qr": a ticket's
// number for its rating, or an appointment code), again only after it has been away for qr_repeat. A frame
// that arrives while the worker is busy is dropped; frames are zeroed when done, and no code's text is
// logged.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "scan/qr_scanner.hpp"
#include "session/session_events.hpp"
#include "yici/hal/camera.hpp"

namespace yici::scan {

class QrWatcher {
  public:
    static constexpr std::chrono::milliseconds qr_interval{333};  // at most 3 scans a second
    static constexpr std::chrono::seconds qr_repeat{5};           // the same code again is ignored

    // `queue_url`: the hall catalog's; a QR with it is one of this hall's tickets.
    QrWatcher(boost::asio::any_io_executor executor, std::string queue_url, session::SessionEvents& events);
    ~QrWatcher();
    QrWatcher(const QrWatcher&) = delete;
    QrWatcher& operator=(const QrWatcher&) = delete;

    // The next camera frame (Asio thread).
    void onFrame(hal::Frame frame);
    void stop() { stopped_ = true; }

  private:
    void scanned(const std::vector<std::string>& texts, std::chrono::steady_clock::time_point at);

    boost::asio::any_io_executor executor_;
    std::string queue_url_;
    session::SessionEvents& events_;
    boost::asio::thread_pool worker_{1};
    QrScanner scanner_;  // worker only
    // Asio thread only.
    bool busy_ = false;
    bool stopped_ = false;
    std::chrono::steady_clock::time_point last_scan_{};
    std::string last_text_;
    std::chrono::steady_clock::time_point last_seen_{};
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::scan
