// Frames to the face check or the QR scanner on one worker thread; results, previews and timeouts on the Asio
// thread, where the citizen session lives.
#include "app/camera_pipeline.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/object.hpp>

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>

#include "api/errors.hpp"
#include "app/log.hpp"
#include "base/async.hpp"
#include "base/secure_wipe.hpp"
#include "scan/scanned_code.hpp"

namespace yici::app {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int max_preview_viewers = 2;
// A preview that cannot write a frame within this (a viewer that stopped reading), or that has had no new
// frame for this long (a camera that stopped), ends and frees its stream.
constexpr auto preview_write_timeout = 10s;
constexpr auto preview_idle_timeout = 10s;
constexpr std::string_view mjpeg_boundary = "yiciframe";
constexpr auto face_event_interval = 100ms;  // a moving face box: at most 10 events a second

bool wellFormed(const hal::Frame& frame) {
    return frame.width > 0 && frame.height > 0 &&
           frame.bgr.size() ==
               static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height) * 3;
}

void zero(hal::Frame& frame) {
    std::fill(frame.bgr.begin(), frame.bgr.end(), std::uint8_t{0});
}

// The card photo (a BMP from the decoder plug-in) as BGR; empty when there is none or it does not decode.
// The BMP bytes are wiped either way.
cv::Mat referencePhoto(std::vector<std::uint8_t>& bmp) {
    cv::Mat photo;
    if (!bmp.empty()) {
        try {
            photo = cv::imdecode(bmp, cv::IMREAD_COLOR);
        } catch (const cv::Exception&) {
            photo.release();
        }
    }
    base::secureWipe(bmp);
    return photo;
}

// A small JPEG of the frame for the screen, in a string that is zeroed when the last viewer lets go of it.
std::shared_ptr<const std::string> previewJpeg(const hal::Frame& frame) {
    if (!wellFormed(frame)) return nullptr;
    const cv::Mat image(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
    cv::Mat small;
    std::vector<uchar> bytes;
    try {
        cv::resize(image, small, {CameraPipeline::preview_width, CameraPipeline::preview_height}, 0, 0,
                   cv::INTER_AREA);
        cv::imencode(".jpg", small, bytes, {cv::IMWRITE_JPEG_QUALITY, 70});
    } catch (const cv::Exception&) {
        return nullptr;
    }
    small.setTo(0);
    auto* jpeg = new std::string(bytes.begin(), bytes.end());
    std::fill(bytes.begin(), bytes.end(), uchar{0});
    return std::shared_ptr<const std::string>(jpeg, [](const std::string* s) {
        auto* owned = const_cast<std::string*>(s);
        base::secureWipe(*owned);
        delete owned;
    });
}

}  // namespace

CameraPipelineOptions cameraPipelineOptions(const config::BoardConfig::Face& face, std::string queue_url) {
    return {.face = {.detector_model = face.detector_model,
                     .recognizer_model = face.recognizer_model,
                     .match_threshold = face.match_threshold},
            .queue_url = std::move(queue_url)};
}

struct CameraPipeline::FaceOutcome {
    std::uint64_t round = 0;
    Expected<face::FaceCheckProgress> progress;
    std::shared_ptr<const std::string> preview;
};

CameraPipeline::CameraPipeline(asio::any_io_executor executor, CameraPipelineOptions options,
                               const hal::Camera* camera, prereg::Flow& sessions, http::EventHub& events)
    : executor_(executor),
      options_(std::move(options)),
      camera_(camera),
      sessions_(sessions),
      events_(events),
      face_(options_.face),
      face_timer_(executor) {}

CameraPipeline::~CameraPipeline() {
    worker_.join();  // the worker's jobs use face_ and qr_
    *alive_ = false;
}

hal::Camera::FrameHandler CameraPipeline::frameHandler() {
    return [this](hal::Frame frame) { onFrame(std::move(frame)); };
}

void CameraPipeline::stop() {
    stopped_ = true;
    face_timer_.cancel();
    for (auto& waiter : preview_waiters_) waiter->cancel();
}

bool CameraPipeline::atFaceStep() const {
    return face_serial_ != 0 && sessions_.active() && sessions_.serial() == face_serial_ &&
           sessions_.step() == prereg::Step::face;
}

void CameraPipeline::onFrame(hal::Frame frame) {
    if (stopped_) return;
    last_frame_at_ = std::chrono::steady_clock::now();
    if (face_serial_ != 0 && !atFaceStep()) endFace(nullptr);  // cancelled, back, or the session ended
    if (busy_) return;  // the worker is still on an earlier frame: this one is dropped
    if (face_serial_ != 0) {
        checkFace(std::move(frame));
    } else if (frame.at - last_qr_ >= qr_interval) {
        last_qr_ = frame.at;
        scanQr(std::move(frame));
    }
}

void CameraPipeline::faceStep(std::uint64_t serial) {
    face_serial_ = serial;
    const std::uint64_t round = ++face_round_;
    face_restart_ = true;
    last_face_code_.clear();
    const bool camera_ok = camera_ != nullptr && camera_->health().level == hal::HealthLevel::ok;
    if (!camera_ok || face_.health().level == hal::HealthLevel::critical) {
        // Nothing to check with: staff verify, and the citizen goes straight on (after the step's response).
        log()->warn("face check unavailable: {}", camera_ok ? "no face detector" : "camera not working");
        asio::post(executor_, [this, alive = alive_, round] {
            if (!*alive || round != face_round_ || !atFaceStep()) return;
            publishFace(face::face_check_unavailable, std::nullopt);
            const prereg::FaceResult result{"unavailable", std::nullopt};
            endFace(&result);
        });
        return;
    }
    face_timer_.expires_after(options_.face_timeout);
    face_timer_.async_wait([this, alive = alive_, round](const boost::system::error_code& ec) {
        if (ec || !*alive || round != face_round_) return;
        if (!atFaceStep()) return endFace(nullptr);
        log()->info("face check timed out after {} s", options_.face_timeout.count());
        publishFace(face::face_timed_out, std::nullopt);
        const prereg::FaceResult result{"timed_out", std::nullopt};
        endFace(&result);
    });
}

void CameraPipeline::checkFace(hal::Frame frame) {
    busy_ = true;
    const bool restart = std::exchange(face_restart_, false);
    std::vector<std::uint8_t> photo;
    if (restart) photo = sessions_.photoBmp();
    const bool want_preview = frame.at - last_preview_ >= preview_interval;
    if (want_preview) last_preview_ = frame.at;
    auto job = [this, alive = alive_, round = face_round_, restart, want_preview, photo = std::move(photo),
                frame = std::move(frame)]() mutable {
        if (restart) {
            cv::Mat reference = referencePhoto(photo);
            face_.start(reference);
            if (!reference.empty()) reference.setTo(0);
        }
        FaceOutcome outcome{round, face_.onFrame(frame), want_preview ? previewJpeg(frame) : nullptr};
        zero(frame);
        asio::post(executor_, [this, alive, outcome = std::move(outcome)] {
            if (*alive) faceChecked(outcome);
        });
    };
    asio::post(worker_, std::move(job));
}

void CameraPipeline::faceChecked(const FaceOutcome& outcome) {
    busy_ = false;
    if (outcome.round != face_round_ || !atFaceStep()) return;  // the citizen has moved on
    if (outcome.preview) showPreview(outcome.preview);
    if (!outcome.progress) {
        log()->warn("face check: {}", outcome.progress.error().message);
        return;
    }
    const face::FaceCheckProgress& progress = *outcome.progress;
    if (progress.stage == face::FaceCheckProgress::Stage::done && progress.result) {
        const face::MatchResult& match = *progress.result;
        if (progress.instruction) publishFace(*progress.instruction, progress.face);
        const bool compared = match.decision != face::MatchResult::Decision::unavailable;
        if (compared) {
            log()->info("face check: {} (score {:.3f}, threshold {:.3f})", face::decisionName(match.decision),
                        match.score, match.threshold);
        } else {
            log()->info("face check: live face seen, no comparison ({}): staff verify", match.reason);
        }
        const prereg::FaceResult result{std::string(face::decisionName(match.decision)),
                                        compared ? std::optional(match.score) : std::nullopt};
        endFace(&result);
        return;
    }
    if (!progress.instruction) return;
    const auto now = std::chrono::steady_clock::now();
    if (progress.instruction->code != last_face_code_ || now - last_face_event_ >= face_event_interval) {
        last_face_event_ = now;
        publishFace(*progress.instruction, progress.face);
    }
}

void CameraPipeline::publishFace(const face::Instruction& instruction,
                                 const std::optional<face::NormalisedBox>& box) {
    last_face_code_ = std::string(instruction.code);
    json::object event{{"code", instruction.code},
                       {"message_zh", instruction.message_zh},
                       {"message_en", instruction.message_en}};
    if (box) {
        event["box"] = json::object{{"x", box->x}, {"y", box->y}, {"w", box->width}, {"h", box->height}};
    } else {
        event["box"] = nullptr;
    }
    events_.publish("face", event);
}

void CameraPipeline::endFace(const prereg::FaceResult* result) {
    const std::uint64_t serial = std::exchange(face_serial_, 0);
    ++face_round_;  // a result still on the worker is dropped
    face_timer_.cancel();
    showPreview(nullptr);
    asio::post(worker_, [this] { face_.cancel(); });
    if (result == nullptr) return;
    if (auto ok = sessions_.faceChecked(serial, *result); !ok)
        log()->info("face check result not used: {}", ok.error().message);
}

void CameraPipeline::scanQr(hal::Frame frame) {
    busy_ = true;
    auto job = [this, alive = alive_, frame = std::move(frame)]() mutable {
        std::vector<std::string> texts = qr_.decode(frame);
        zero(frame);
        asio::post(executor_, [this, alive, texts = std::move(texts)] {
            if (*alive) qrScanned(texts);
        });
    };
    asio::post(worker_, std::move(job));
}

void CameraPipeline::qrScanned(const std::vector<std::string>& texts) {
    busy_ = false;
    const auto now = std::chrono::steady_clock::now();
    for (const std::string& text : texts) {
        // A code held up to the camera is seen in frame after frame: it counts once until it goes away.
        const bool again = text == last_qr_text_ && now - last_qr_at_ < qr_repeat;
        last_qr_text_ = text;
        last_qr_at_ = now;
        if (again) continue;
        const scan::ScannedCode code = scan::readScannedCode(text, options_.queue_url);
        log()->info("QR code: {}", scan::kindName(code.kind));  // never its text
        switch (code.kind) {
            case scan::ScannedCode::Kind::ticket:
                events_.publish("qr", json::object{{"kind", "ticket"}, {"number", code.ticket_number}});
                break;
            case scan::ScannedCode::Kind::appointment:
                events_.publish("qr", json::object{{"kind", "appointment"}, {"code", code.appointment_code}});
                break;
            case scan::ScannedCode::Kind::unknown:
                break;
        }
    }
}

void CameraPipeline::showPreview(std::shared_ptr<const std::string> jpeg) {
    preview_ = std::move(jpeg);
    ++preview_seq_;
    for (auto& waiter : preview_waiters_) waiter->cancel();
}

asio::awaitable<void> CameraPipeline::servePreview(boost::beast::tcp_stream& stream,
                                                   const http::Request& request) {
    boost::system::error_code ec;
    stream.expires_after(preview_write_timeout);
    if (!atFaceStep() || *preview_viewers_ >= max_preview_viewers) {
        http::Response refused = api::errorResponse(
            request, atFaceStep() ? api::Errc::camera_preview_busy : api::Errc::camera_preview_off);
        refused.keep_alive(false);
        co_await http::beast_http::async_write(stream, refused,
                                               asio::redirect_error(asio::use_awaitable, ec));
        co_return;
    }
    const ScopedCount viewing(preview_viewers_);
    const std::string head = fmt::format(
        "HTTP/{}.{} 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary={}\r\nCache-Control: "
        "no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        request.version() / 10, request.version() % 10, mjpeg_boundary);
    auto wake = std::make_shared<asio::steady_timer>(executor_);
    preview_waiters_.push_back(wake);
    // The screen sends nothing more: a read that ends means it has gone (see http/event_stream.cpp).
    auto closed = std::make_shared<bool>(false);
    auto scratch = std::make_shared<std::array<char, 64>>();
    stream.socket().async_read_some(asio::buffer(*scratch),
                                    [closed, wake, scratch](boost::system::error_code, std::size_t) {
                                        *closed = true;
                                        wake->cancel();
                                    });
    co_await asio::async_write(stream, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    std::uint64_t sent = 0;
    auto idle_at = std::chrono::steady_clock::now() + preview_idle_timeout;
    while (!ec && !*closed && !stopped_ && atFaceStep() && std::chrono::steady_clock::now() < idle_at) {
        if (preview_ && preview_seq_ != sent) {
            sent = preview_seq_;
            idle_at = std::chrono::steady_clock::now() + preview_idle_timeout;
            const std::shared_ptr<const std::string> jpeg = preview_;  // alive until written
            const std::string part =
                fmt::format("--{}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n", mjpeg_boundary,
                            jpeg->size());
            const std::array buffers{asio::buffer(part), asio::buffer(*jpeg), asio::buffer("\r\n", 2)};
            stream.expires_after(preview_write_timeout);
            co_await asio::async_write(stream, buffers, asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        wake->expires_after(1s);
        boost::system::error_code wait_ec;
        co_await wake->async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
    }
    preview_waiters_.remove(wake);
    if (!ec && !*closed) {
        const std::string end = fmt::format("--{}--\r\n", mjpeg_boundary);
        stream.expires_after(preview_write_timeout);
        co_await asio::async_write(stream, asio::buffer(end), asio::redirect_error(asio::use_awaitable, ec));
    }
}

}  // namespace yici::app
