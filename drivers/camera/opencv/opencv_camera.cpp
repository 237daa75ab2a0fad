// The opencv camera driver. One capture thread per camera reads the source (blocking reads are fine
// there), paces it to `fps`, resizes and posts each frame to the Asio executor; health is worked out from
// what the capture thread last saw, under a mutex, whenever someone asks.
#include "opencv_camera.hpp"

#include <boost/asio/post.hpp>

#include <opencv2/imgproc.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "base/logging.hpp"
#include "frame_source.hpp"
#include "yici/hal/errors.hpp"

namespace yici::opencv_camera {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Frames posted and not yet handled. More than this and the Asio thread is behind: new frames are dropped
// rather than queued, so memory stays bounded and what is handled is recent.
constexpr int max_in_flight = 2;

YICI_LOG_DEFINE_CATEGORY(log, "camera")

// BGR, 8 bits a channel, width x height: what hal::Frame promises.
bool toFrameImage(const cv::Mat& image, int width, int height, cv::Mat& out) {
    if (image.empty() || image.depth() != CV_8U) return false;
    const cv::Mat* bgr = &image;
    cv::Mat converted;
    if (image.channels() == 1) {
        cv::cvtColor(image, converted, cv::COLOR_GRAY2BGR);
        bgr = &converted;
    } else if (image.channels() == 4) {
        cv::cvtColor(image, converted, cv::COLOR_BGRA2BGR);
        bgr = &converted;
    } else if (image.channels() != 3) {
        return false;
    }
    if (bgr->cols == width && bgr->rows == height) {
        out = bgr->isContinuous() ? *bgr : bgr->clone();
    } else {
        // Scaled to fit and centred on grey, never stretched: a face or a QR code keeps its proportions.
        const double scale =
            std::min(static_cast<double>(width) / bgr->cols, static_cast<double>(height) / bgr->rows);
        const cv::Size fitted(std::clamp(static_cast<int>(bgr->cols * scale + 0.5), 1, width),
                              std::clamp(static_cast<int>(bgr->rows * scale + 0.5), 1, height));
        cv::Mat scaled;
        cv::resize(*bgr, scaled, fitted, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
        out.create(height, width, CV_8UC3);
        out.setTo(cv::Scalar::all(128));
        scaled.copyTo(out(
            cv::Rect((width - fitted.width) / 2, (height - fitted.height) / 2, fitted.width, fitted.height)));
    }
    return true;
}

class OpenCvCamera final : public hal::Camera {
  public:
    OpenCvCamera(asio::any_io_executor executor, hal::CameraConfig config, std::chrono::milliseconds retry)
        : executor_(std::move(executor)), config_(std::move(config)), retry_(retry) {}

    // Stops and joins: the capture thread ends at once when asleep, or after its current read.
    ~OpenCvCamera() override { stop(); }

    void start(FrameHandler on_frame) override {
        stop();
        if (thread_.joinable()) thread_.join();  // a restart waits for the previous capture to end
        sink_ = std::make_shared<Sink>(std::move(on_frame));
        {
            std::lock_guard lock(mutex_);
            state_ = SourceState::idle;
        }
        thread_ = std::jthread([this, sink = sink_](std::stop_token stop) { capture(stop, sink); });
    }

    // Does not wait for the capture thread (it may be in a blocking device read): frames it still posts are
    // dropped, and the destructor joins it.
    void stop() override {
        thread_.request_stop();
        if (sink_) sink_->stopped = true;
        std::lock_guard lock(mutex_);
        if (state_ != SourceState::idle) {
            state_ = SourceState::idle;
            setLocked(hal::HealthLevel::absent, hal::Errc::camera_stopped, config_.source);
        }
    }

    hal::Health health() const override {
        std::lock_guard lock(mutex_);
        refreshLocked(Clock::now());
        return health_.get();
    }

  private:
    struct Sink {
        explicit Sink(FrameHandler h) : handler(std::move(h)) {}
        FrameHandler handler;
        std::atomic<bool> stopped{false};
        std::atomic<int> in_flight{0};
    };

    enum class SourceState { idle, missing, open };

    void capture(const std::stop_token& stop, const std::shared_ptr<Sink>& sink) {
        while (!stop.stop_requested()) {
            auto opened = openFrameSource(config_.source, config_.width, config_.height, config_.fps);
            if (!opened) {
                note(stop, SourceState::missing,
                     opened.error().message + "; retrying every " + std::to_string(retry_.count()) + " ms");
                sleepUntil(stop, Clock::now() + retry_);
                continue;
            }
            note(stop, SourceState::open, "");
            pump(stop, **opened, sink);
            if (stop.stop_requested()) break;
            note(stop, SourceState::missing,
                 config_.source + ": lost (unplugged or removed); retrying every " +
                     std::to_string(retry_.count()) + " ms");
            sleepUntil(stop, Clock::now() + retry_);
        }
    }

    // Reads `source` until it is lost or the camera stops. Files are read when a frame is due; a live
    // camera is read at its own pace and what comes early is dropped, so frames are never stale.
    void pump(const std::stop_token& stop, FrameSource& source, const std::shared_ptr<Sink>& sink) {
        const auto period =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / config_.fps));
        const auto slack = period / 5;  // a live camera's frame a little early still counts
        auto due = Clock::now();
        cv::Mat image;
        while (!stop.stop_requested()) {
            if (!source.live() && !sleepUntil(stop, due)) return;
            const bool keep = !source.live() || Clock::now() + slack >= due;
            const FrameSource::Read read = source.read(image, keep);
            if (read == FrameSource::Read::lost) return;
            const auto now = Clock::now();
            if (keep) {  // the next frame's time; after a slow read, at once but never in a burst
                due = source.live() ? std::max(due + period, now + period - slack)
                                    : std::max(due + period, now);
            }
            if (keep && read == FrameSource::Read::frame) deliver(image, now, sink);
            std::lock_guard lock(mutex_);
            refreshLocked(now);  // so a stall is logged when it happens, not when someone asks
        }
    }

    void deliver(const cv::Mat& image, Clock::time_point at, const std::shared_ptr<Sink>& sink) {
        cv::Mat bgr;
        if (!toFrameImage(image, config_.width, config_.height, bgr)) return;
        {
            std::lock_guard lock(mutex_);
            last_frame_ = at;
            seen_frame_ = true;
        }
        if (sink->in_flight.load() >= max_in_flight) return;
        hal::Frame frame;
        frame.width = bgr.cols;
        frame.height = bgr.rows;
        frame.at = at;
        frame.bgr.assign(bgr.data, bgr.data + bgr.total() * bgr.elemSize());
        ++sink->in_flight;
        asio::post(executor_, [sink, frame = std::move(frame)]() mutable {
            --sink->in_flight;
            if (!sink->stopped) sink->handler(std::move(frame));
        });
    }

    // Sleeps until `until` or until the camera stops, whichever comes first; false when it stops.
    bool sleepUntil(const std::stop_token& stop, Clock::time_point until) {
        std::unique_lock lock(sleep_mutex_);
        wake_.wait_until(lock, stop, until, [] { return false; });
        return !stop.stop_requested();
    }

    void note(const std::stop_token& stop, SourceState state, std::string detail) {
        std::lock_guard lock(mutex_);
        if (stop.stop_requested()) return;  // stop() has the last word
        if (state == SourceState::open && state_ != SourceState::open) {
            log()->info("camera reading {} at {}x{}, at most {} fps", config_.source, config_.width,
                        config_.height, config_.fps);
        }
        state_ = state;
        missing_detail_ = std::move(detail);
        last_frame_ = Clock::now();  // an opened source has frame_timeout_ms for its first frame
        seen_frame_ = false;
        refreshLocked(last_frame_);
    }

    void refreshLocked(Clock::time_point now) const {
        switch (state_) {
            case SourceState::idle:
                return;
            case SourceState::missing:
                setLocked(hal::HealthLevel::absent, hal::Errc::camera_not_found, missing_detail_);
                return;
            case SourceState::open: {
                const auto timeout = std::chrono::milliseconds(config_.frame_timeout_ms);
                if (now - last_frame_ >= timeout) {
                    const auto late = now - (last_frame_ + timeout);
                    setLocked(
                        hal::HealthLevel::critical, hal::Errc::camera_no_frames,
                        fmt::format("no frame from {} for {} ms", config_.source, config_.frame_timeout_ms),
                        std::chrono::system_clock::now() -
                            std::chrono::duration_cast<std::chrono::system_clock::duration>(late));
                } else if (seen_frame_) {
                    setLocked(hal::HealthLevel::ok, hal::Errc::ok, "");
                }
                return;
            }
        }
    }

    void setLocked(hal::HealthLevel level, ErrorCode code, std::string detail,
                   std::chrono::system_clock::time_point since = std::chrono::system_clock::now()) const {
        if (!health_.set(level, code, detail, since)) return;
        if (level == hal::HealthLevel::ok) {
            log()->info("camera ok");
        } else {
            log()->warn("camera {}: {} ({})", hal::levelName(level), code, detail);
        }
    }

    asio::any_io_executor executor_;
    const hal::CameraConfig config_;
    const std::chrono::milliseconds retry_;
    std::shared_ptr<Sink> sink_;

    mutable std::mutex mutex_;  // guards what follows, shared by the capture thread and health()
    mutable hal::HealthTracker health_;
    SourceState state_ = SourceState::idle;
    std::string missing_detail_;
    Clock::time_point last_frame_{};  // or when the source opened, before its first frame
    bool seen_frame_ = false;

    std::mutex sleep_mutex_;
    std::condition_variable_any wake_;
    std::jthread thread_;  // last: joined before everything it uses is destroyed
};

}  // namespace

std::unique_ptr<hal::Camera> createCamera(asio::any_io_executor executor, hal::CameraConfig config,
                                          std::chrono::milliseconds retry) {
    return std::make_unique<OpenCvCamera>(std::move(executor), std::move(config), retry);
}

namespace {

std::vector<hal::ConfigProblem> checkConfig(const hal::CameraConfig& config) {
    auto problems = hal::unknownOptions(config.options, {});
    if (config.source.empty()) {
        problems.push_back(
            {"source",
             "missing required key (opencv needs a source: /dev/videoN, an image, or a folder or glob "
             "of images)"});
    }
    return problems;
}

}  // namespace

void registerDriver(hal::DriverRegistry<hal::Camera, hal::CameraConfig>& registry) {
    registry.add(
        "opencv",
        [](asio::any_io_executor executor,
           const hal::CameraConfig& config) -> Expected<std::unique_ptr<hal::Camera>> {
            return createCamera(std::move(executor), config);  // the registry ran checkConfig first
        },
        checkConfig);
}

}  // namespace yici::opencv_camera
