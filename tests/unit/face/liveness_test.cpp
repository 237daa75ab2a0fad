// Basic liveness: a still picture is asked to blink, a face that moves or blinks passes.
#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "face/face_check.hpp"
#include "face/face_testing.hpp"
#include "face/liveness.hpp"

using namespace yici;
using namespace yici::face;
using namespace std::chrono_literals;
using yici::testing::kioskFrame;

namespace {

using Steady = std::chrono::steady_clock;
constexpr auto frame_gap = 100ms;  // 10 frames a second

FaceCheck cascadeOnlyCheck() {
    FaceCheckOptions options;  // no models: the cascade, and no match
    return FaceCheck(options);
}

// An eyes-closed version of the frame: the band across the eyes painted with the skin just below it.
cv::Mat withEyesClosed(const cv::Mat& frame, const cv::Rect& face) {
    cv::Mat closed = frame.clone();
    const cv::Rect eyes(face.x + face.width / 5, face.y + face.height * 3 / 10, face.width * 3 / 5,
                        face.height / 8);
    const cv::Scalar skin = cv::mean(frame(eyes + cv::Point(0, eyes.height * 2)));
    cv::rectangle(closed, eyes, skin, cv::FILLED);
    return closed;
}

}  // namespace

TEST_CASE("a picture held perfectly still is asked to blink or turn the head") {
    auto check = cascadeOnlyCheck();
    check.start(cv::Mat());
    const cv::Mat still = kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
    const auto t0 = Steady::now();
    FaceCheckProgress progress;
    for (int i = 0; i <= 40; ++i) {
        auto next = check.onFrame(testing::halFrame(still, t0 + i * frame_gap));
        REQUIRE(next.has_value());
        progress = *next;
        if (i == 5) CHECK(progress.instruction->code == "face_checking");
    }
    CHECK(progress.stage == FaceCheckProgress::Stage::checking);
    CHECK_FALSE(progress.liveness_passed);
    REQUIRE(progress.instruction.has_value());
    CHECK(progress.instruction->code == "face_no_live_change");
    CHECK(progress.instruction->message_zh == "请眨眨眼或轻轻转头");
    CHECK(progress.instruction->message_en == "Please blink or turn your head slightly");
}

TEST_CASE("a face that moves a little between frames passes liveness") {
    auto check = cascadeOnlyCheck();
    check.start(cv::Mat());
    const auto person = testing::messi();
    const auto t0 = Steady::now();
    FaceCheckProgress progress;
    for (int i = 0; i < 10 && progress.stage != FaceCheckProgress::Stage::done; ++i) {
        // Drifting right and coming closer, as people do in front of a screen.
        auto next = check.onFrame(testing::halFrame(
            kioskFrame(person, 0.46 + 0.01 * i, 0.45, 0.28 + 0.005 * i), t0 + i * frame_gap));
        REQUIRE(next.has_value());
        progress = *next;
    }
    CHECK(progress.liveness_passed);
    CHECK(progress.stage == FaceCheckProgress::Stage::done);
}

TEST_CASE("a still picture that starts moving after the instruction passes") {
    auto check = cascadeOnlyCheck();
    check.start(cv::Mat());
    const auto person = testing::messi();
    const cv::Mat still = kioskFrame(person, 0.5, 0.45, 0.30);
    const auto t0 = Steady::now();
    int i = 0;
    for (; i <= 35; ++i) REQUIRE(check.onFrame(testing::halFrame(still, t0 + i * frame_gap)).has_value());
    REQUIRE(check.progress().instruction->code == "face_no_live_change");
    auto progress =
        check.onFrame(testing::halFrame(kioskFrame(person, 0.54, 0.45, 0.32), t0 + i * frame_gap));
    REQUIRE(progress.has_value());
    CHECK(progress->liveness_passed);
}

TEST_CASE("a blink without any movement passes liveness") {
    const cv::Mat open = kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
    const cv::Rect face(222, 120, 190, 190);
    const cv::Mat closed = withEyesClosed(open, face);
    LivenessCheck liveness;
    const auto t0 = Steady::now();
    CHECK(liveness.add(t0, open, face) == LivenessCheck::State::collecting);
    CHECK(liveness.add(t0 + frame_gap, open, face) == LivenessCheck::State::collecting);
    CHECK(liveness.add(t0 + 2 * frame_gap, closed, face) == LivenessCheck::State::passed);
}

TEST_CASE("a change of exposure alone is not a live change") {
    const cv::Mat frame = kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
    cv::Mat brighter;
    frame.convertTo(brighter, -1, 1.3, 10);
    const cv::Rect face(222, 120, 190, 190);
    LivenessCheck liveness;
    const auto t0 = Steady::now();
    LivenessCheck::State state{};
    for (int i = 0; i <= 35; ++i)
        state = liveness.add(t0 + i * frame_gap, i % 2 == 0 ? frame : brighter, face);
    CHECK(state == LivenessCheck::State::no_change);
}

TEST_CASE("detector jitter on a still picture is not a live change") {
    const cv::Mat frame = kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
    LivenessCheck liveness;
    const auto t0 = Steady::now();
    LivenessCheck::State state{};
    for (int i = 0; i <= 35; ++i)
        state = liveness.add(t0 + i * frame_gap, frame, cv::Rect(222 + i % 3, 120 - i % 2, 190 + i % 4, 190));
    CHECK(state == LivenessCheck::State::no_change);
}

TEST_CASE("another person stepping in starts liveness again") {
    auto check = cascadeOnlyCheck();
    check.start(cv::Mat());
    const cv::Mat still = kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
    const cv::Mat nobody(480, 640, CV_8UC3, cv::Scalar(120, 130, 140));
    const auto t0 = Steady::now();
    int i = 0;
    for (; i <= 35; ++i) REQUIRE(check.onFrame(testing::halFrame(still, t0 + i * frame_gap)).has_value());
    REQUIRE(check.progress().instruction->code == "face_no_live_change");
    REQUIRE(check.onFrame(testing::halFrame(nobody, t0 + i++ * frame_gap)).has_value());
    auto progress = check.onFrame(testing::halFrame(still, t0 + i * frame_gap));
    REQUIRE(progress.has_value());
    CHECK(progress->instruction->code == "face_checking");
}
