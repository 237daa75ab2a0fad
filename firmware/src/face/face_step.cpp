// The face step: the check on the worker thread; results, previews and the time limit on the Asio thread.
#include "face/face_step.hpp"

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/json/object.hpp>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <utility>

#include "base/secure_wipe.hpp"
#include "face/internal/log.hpp"
#include "face/internal/picture_codec.hpp"

namespace yici::face {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The card photo (a BMP from the decoder plug-in) as BGR; empty when there is none or it does not decode.
// The BMP bytes are wiped either way.
cv::Mat referencePhoto(std::vector<std::uint8_t>& bmp) {
    cv::Mat photo = decodeBmp(bmp);
    base::secureWipe(bmp);
    return photo;
}

// A small JPEG of the frame for the screen, in a string that is zeroed when the last viewer lets go of it.
std::shared_ptr<const std::string> previewJpeg(const hal::Frame& frame) {
    if (!frame.wellFormed()) return nullptr;
    const cv::Mat image(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
    cv::Mat small;
    try {
        cv::resize(image, small, {FaceStep::preview_width, FaceStep::preview_height}, 0, 0, cv::INTER_AREA);
    } catch (const cv::Exception&) {
        return nullptr;
    }
    std::vector<std::uint8_t> bytes = encodeJpeg(small, 70);
    small.setTo(0);
    if (bytes.empty()) return nullptr;
    auto* jpeg = new std::string(bytes.begin(), bytes.end());
    base::secureWipe(bytes.data(), bytes.size());
    return std::shared_ptr<const std::string>(jpeg, [](const std::string* s) {
        auto* owned = const_cast<std::string*>(s);
        base::secureWipe(*owned);
        delete owned;
    });
}

}  // namespace

struct FaceStep::Outcome {
    std::uint64_t round = 0;
    std::chrono::steady_clock::time_point at;  // the frame's
    Expected<FaceCheckProgress> progress;
    std::shared_ptr<const std::string> preview;
};

FaceStep::FaceStep(asio::any_io_executor executor, FaceCheckOptions options,
                   std::chrono::milliseconds timeout, session::SessionEvents& events, Hooks hooks)
    : executor_(executor),
      timeout_(timeout),
      events_(events),
      hooks_(std::move(hooks)),
      check_(std::move(options)),
      timer_(executor) {}

FaceStep::~FaceStep() {
    worker_.join();  // the worker's jobs use check_
    *alive_ = false;
}

void FaceStep::stop() {
    stopped_ = true;
    timer_.cancel();
}

void FaceStep::begin(std::uint64_t serial, bool camera_ok) {
    serial_ = serial;
    const std::uint64_t round = ++round_;
    restart_ = true;
    last_code_.clear();
    if (!camera_ok || check_.health().level == hal::HealthLevel::critical) {
        // Nothing to check with: staff verify, and the citizen goes straight on (after the step's response).
        log()->warn("face check unavailable: {}", camera_ok ? "no face detector" : "camera not working");
        asio::post(executor_, [this, alive = alive_, round] {
            if (!*alive || round != round_) return;
            if (!hooks_.current(serial_)) return end(nullptr);  // the citizen left first
            publish(face_check_unavailable, std::nullopt);
            const StepDecision decision{"unavailable", std::nullopt};
            end(&decision);
        });
        return;
    }
    timer_.expires_after(timeout_);
    timer_.async_wait([this, alive = alive_, round](const boost::system::error_code& ec) {
        if (ec || !*alive || round != round_) return;
        if (!hooks_.current(serial_)) return end(nullptr);
        log()->info("face check timed out after {} s",
                    std::chrono::duration_cast<std::chrono::seconds>(timeout_).count());
        publish(face_timed_out, std::nullopt);
        const StepDecision decision{"timed_out", std::nullopt};
        end(&decision);
    });
}

void FaceStep::cancel() {
    if (serial_ != 0) end(nullptr);
}

void FaceStep::onFrame(hal::Frame frame) {
    if (stopped_ || serial_ == 0 || busy_) {  // a frame while the worker is busy is dropped, zeroed
        base::secureWipe(frame.bgr);
        return;
    }
    busy_ = true;
    const bool restart = std::exchange(restart_, false);
    std::vector<std::uint8_t> photo = restart ? hooks_.photo() : std::vector<std::uint8_t>{};
    const bool want_preview = frame.at - last_preview_ >= preview_interval;
    if (want_preview) last_preview_ = frame.at;
    // The Asio side keeps work pending until the result is back (an io_context run to completion waits).
    auto back = asio::prefer(executor_, asio::execution::outstanding_work.tracked);
    auto job = [this, alive = alive_, back, round = round_, restart, want_preview, photo = std::move(photo),
                frame = std::move(frame)]() mutable {
        if (restart) {
            cv::Mat reference = referencePhoto(photo);
            check_.start(reference);
            if (!reference.empty()) reference.setTo(0);
        }
        Outcome outcome{round, frame.at, check_.onFrame(frame), want_preview ? previewJpeg(frame) : nullptr};
        base::secureWipe(frame.bgr);
        asio::post(back, [this, alive, outcome = std::move(outcome)] {
            if (*alive) checked(outcome);
        });
    };
    asio::post(worker_, std::move(job));
}

void FaceStep::checked(const Outcome& outcome) {
    busy_ = false;
    if (outcome.round != round_ || serial_ == 0 || !hooks_.current(serial_)) return;  // the citizen moved on
    if (outcome.preview) hooks_.preview(outcome.preview);
    if (!outcome.progress) {
        log()->warn("face check: {}", outcome.progress.error().message);
        return;
    }
    const FaceCheckProgress& progress = *outcome.progress;
    if (progress.stage == FaceCheckProgress::Stage::done && progress.result) {
        const MatchResult& match = *progress.result;
        if (progress.instruction) publish(*progress.instruction, progress.face);
        const bool compared = match.decision != MatchResult::Decision::unavailable;
        if (compared) {
            log()->info("face check: {} (score {:.3f}, threshold {:.3f})", decisionName(match.decision),
                        match.score, match.threshold);
        } else {
            log()->info("face check: live face seen, no comparison ({}): staff verify", match.reason);
        }
        const StepDecision decision{std::string(decisionName(match.decision)),
                                    compared ? std::optional(match.score) : std::nullopt};
        end(&decision);
        return;
    }
    if (!progress.instruction) return;
    if (progress.instruction->code != last_code_ || outcome.at - last_event_ >= event_interval) {
        last_event_ = outcome.at;
        publish(*progress.instruction, progress.face);
    }
}

void FaceStep::publish(const Instruction& instruction, const std::optional<NormalisedBox>& box) {
    last_code_ = std::string(instruction.code);
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

void FaceStep::end(const StepDecision* decision) {
    const std::uint64_t serial = std::exchange(serial_, 0);
    ++round_;  // a result still on the worker is dropped
    timer_.cancel();
    hooks_.preview(nullptr);
    asio::post(worker_, [this] { check_.cancel(); });
    if (decision != nullptr) hooks_.decided(serial, *decision);
}

}  // namespace yici::face
