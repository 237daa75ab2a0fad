// The face check as the kiosk drives it: start, frames, progress, result; and its health when model files
// are missing or broken (a warning and the cascade instead, never a crash).
#include <doctest/doctest.h>

#include "face/face_check.hpp"
#include "face/face_testing.hpp"
#include "face/internal/errors.hpp"
#include "testing.hpp"

using namespace yici;
using namespace yici::face;
using namespace std::chrono_literals;
using yici::testing::kioskFrame;

namespace {

using Steady = std::chrono::steady_clock;

// Frames of a person drifting slightly until the check ends (or 30 frames).
FaceCheckProgress runUntilDone(FaceCheck& check, const testing::FacePhoto& person) {
    const auto t0 = Steady::now();
    FaceCheckProgress progress;
    for (int i = 0; i < 30 && progress.stage != FaceCheckProgress::Stage::done; ++i) {
        auto next = check.onFrame(
            testing::halFrame(kioskFrame(person, 0.47 + 0.01 * (i % 7), 0.45, 0.30), t0 + i * 100ms));
        REQUIRE(next.has_value());
        progress = *next;
    }
    return progress;
}

}  // namespace

TEST_CASE("without a recognizer model the check ends as unavailable and staff verify") {
    FaceCheck check(FaceCheckOptions{});
    CHECK_FALSE(check.canMatch());
    check.start(kioskFrame(testing::messi(), 0.5, 0.45, 0.3));
    const auto progress = runUntilDone(check, testing::messi());
    CHECK(progress.stage == FaceCheckProgress::Stage::done);
    CHECK(progress.liveness_passed);
    REQUIRE(progress.result.has_value());
    CHECK(progress.result->decision == MatchResult::Decision::unavailable);
    CHECK(progress.result->reason == "no_recognizer_model");
    CHECK(progress.result->score == 0);
    CHECK(progress.result->threshold == doctest::Approx(0.363));
    REQUIRE(progress.instruction.has_value());
    CHECK(progress.instruction->code == "face_check_unavailable");
    CHECK(progress.instruction->message_zh == "人脸核验暂不可用，工作人员将为您核验");
    CHECK(progress.instruction->message_en == "Face check unavailable — staff will verify");
}

TEST_CASE("the face box is given as shares of the frame for the screen to draw") {
    FaceCheck check(FaceCheckOptions{});
    check.start(cv::Mat());
    const auto progress = check.onFrame(testing::halFrame(kioskFrame(testing::messi(), 0.5, 0.45, 0.30), {}));
    REQUIRE(progress.has_value());
    REQUIRE(progress->face.has_value());
    const auto& box = *progress->face;
    CHECK(box.x + box.width / 2 == doctest::Approx(0.5).epsilon(0.1));
    CHECK(box.y + box.height / 2 == doctest::Approx(0.45).epsilon(0.1));
    CHECK(box.width == doctest::Approx(0.30).epsilon(0.2));
    CHECK(box.x >= 0);
    CHECK(box.x + box.width <= 1);
}

TEST_CASE("a gate that fails still shows where the face is") {
    FaceCheck check(FaceCheckOptions{});
    check.start(cv::Mat());
    const auto progress = check.onFrame(testing::halFrame(kioskFrame(testing::messi(), 0.2, 0.25, 0.30), {}));
    REQUIRE(progress.has_value());
    CHECK(progress->instruction->code == "face_not_central");
    REQUIRE(progress->face.has_value());
    CHECK(progress->face->x < 0.2);
}

TEST_CASE("frames before start and after the end are ignored") {
    FaceCheck check(FaceCheckOptions{});
    const auto frame = testing::halFrame(kioskFrame(testing::messi(), 0.5, 0.45, 0.30), {});
    auto progress = check.onFrame(frame);
    REQUIRE(progress.has_value());
    CHECK(progress->stage == FaceCheckProgress::Stage::idle);
    CHECK_FALSE(progress->instruction.has_value());

    check.start(cv::Mat());
    const auto done = runUntilDone(check, testing::messi());
    REQUIRE(done.stage == FaceCheckProgress::Stage::done);
    progress = check.onFrame(frame);
    REQUIRE(progress.has_value());
    CHECK(progress->stage == FaceCheckProgress::Stage::done);
    CHECK(progress->result->decision == MatchResult::Decision::unavailable);
}

TEST_CASE("cancel forgets the check") {
    FaceCheck check(FaceCheckOptions{});
    check.start(cv::Mat());
    REQUIRE(check.onFrame(testing::halFrame(kioskFrame(testing::messi(), 0.5, 0.45, 0.30), {})).has_value());
    check.cancel();
    CHECK(check.progress().stage == FaceCheckProgress::Stage::idle);
    CHECK_FALSE(check.progress().face.has_value());
    CHECK_FALSE(check.progress().result.has_value());
}

TEST_CASE("a frame whose bytes do not match its size is an error, not a crash") {
    FaceCheck check(FaceCheckOptions{});
    check.start(cv::Mat());
    hal::Frame frame;
    frame.width = 640;
    frame.height = 480;
    frame.bgr.resize(100);
    const auto progress = check.onFrame(frame);
    REQUIRE_FALSE(progress.has_value());
    CHECK(progress.error().code == face::Errc::face_frame_malformed);
}

TEST_CASE("results name their decision for logs and events") {
    CHECK(decisionName(MatchResult::Decision::match) == "match");
    CHECK(decisionName(MatchResult::Decision::no_match) == "no_match");
    CHECK(decisionName(MatchResult::Decision::unavailable) == "unavailable");
    CHECK(stageName(FaceCheckProgress::Stage::checking) == "checking");
}

// ---- model files missing or broken

TEST_CASE("a broken detector model warns the technician and the check carries on with the cascade") {
    testing::TempDir dir;
    FaceCheckOptions options;
    options.detector_model = testing::writeGarbage(dir.path() / "yunet.onnx");
    FaceCheck check(options);
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::warning);
    CHECK(health.code.name() == "face_model_unusable");
    CHECK(testing::contains(health.detail, options.detector_model.string()));
    CHECK(check.detectorName() == "lbp_cascade");
    CHECK_FALSE(check.canMatch());

    check.start(cv::Mat());
    const auto progress =
        check.onFrame(testing::halFrame(testing::kioskFrame(testing::messi(), 0.5, 0.45, 0.30), {}));
    REQUIRE(progress.has_value());
    CHECK(progress->instruction->code == "face_checking");
}

TEST_CASE("a missing recognizer model warns the technician and the check ends as unavailable") {
    FaceCheckOptions options;
    options.recognizer_model = "/nonexistent/face_recognition_sface_2021dec.onnx";
    FaceCheck check(options);
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::warning);
    CHECK(health.code.name() == "face_model_unusable");
    CHECK(testing::contains(health.detail, "/nonexistent/face_recognition_sface_2021dec.onnx"));
    CHECK_FALSE(check.canMatch());
}

TEST_CASE("no model configured is a healthy kiosk where staff verify faces") {
    FaceCheck check(FaceCheckOptions{});
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::ok);
    CHECK(health.code.name() == "ok");
    CHECK(testing::contains(health.detail, "staff verify"));
    CHECK(check.detectorName() == "lbp_cascade");
}

TEST_CASE("without any detector health is critical and every check ends at once as unavailable") {
    testing::TempDir empty;
    FaceCheckOptions options;
    options.cascade_dir = empty.path();
    FaceCheck check(options);
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::critical);
    CHECK(health.code.name() == "face_cascade_missing");
    CHECK(testing::contains(health.detail, "opencv-data"));

    check.start(cv::Mat());
    const auto progress =
        check.onFrame(testing::halFrame(cv::Mat(480, 640, CV_8UC3, cv::Scalar::all(0)), {}));
    REQUIRE(progress.has_value());
    CHECK(progress->stage == FaceCheckProgress::Stage::done);
    REQUIRE(progress->result.has_value());
    CHECK(progress->result->decision == MatchResult::Decision::unavailable);
    CHECK(progress->instruction->code == "face_check_unavailable");
}
