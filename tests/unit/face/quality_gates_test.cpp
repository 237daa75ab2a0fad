// Quality gates on frames made from real photos, with the cascade the kiosk uses when it has no model.
#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include "face/cascade_detector.hpp"
#include "face/face_testing.hpp"
#include "face/internal/quality_gates.hpp"

using namespace yici;
using namespace yici::face;
using yici::testing::kioskFrame;

namespace {

GateResult gatesOn(const cv::Mat& frame) {
    auto detector = CascadeDetector::load(debian_cascade_dir);
    REQUIRE_MESSAGE(detector.has_value(), (detector ? "" : detector.error().message));
    auto faces = (*detector)->detect(frame);
    REQUIRE(faces.has_value());
    return checkQualityGates(frame, *faces);
}

std::string_view failedCode(const GateResult& result) {
    return result.failed ? result.failed->code : "passed";
}

cv::Mat messiCentred() {
    return kioskFrame(testing::messi(), 0.5, 0.45, 0.30);
}

}  // namespace

TEST_CASE("one person in the middle, close enough, lit and still passes every gate") {
    for (const auto& frame : {messiCentred(), kioskFrame(testing::secondPerson(), 0.5, 0.45, 0.30)}) {
        const auto result = gatesOn(frame);
        REQUIRE(failedCode(result) == "passed");
        REQUIRE(result.face.has_value());
        CHECK(result.face->box.width >= min_face_width * frame.cols);
    }
}

TEST_CASE("a frame without a face asks the citizen to look at the screen") {
    const cv::Mat empty_hall(480, 640, CV_8UC3, cv::Scalar(120, 130, 140));
    const auto result = gatesOn(empty_hall);
    REQUIRE(failedCode(result) == "face_not_found");
    CHECK(result.failed->message_zh == "请正对屏幕");
    CHECK(result.failed->message_en == "Please look at the screen");
    CHECK_FALSE(result.face.has_value());
}

TEST_CASE("two people side by side are asked to come one at a time") {
    const auto frame = testing::sideBySide(kioskFrame(testing::messi(), 0.5, 0.45, 0.28),
                                           kioskFrame(testing::secondPerson(), 0.5, 0.45, 0.28));
    const auto result = gatesOn(frame);
    REQUIRE(failedCode(result) == "face_multiple");
    CHECK(result.failed->message_zh == "请一人核验");
    CHECK_FALSE(result.face.has_value());
}

TEST_CASE("a much smaller face further back is not a second person") {
    cv::Mat frame = messiCentred();
    const cv::Mat behind = kioskFrame(testing::secondPerson(), 0.13, 0.2, 0.13);
    behind(cv::Rect(0, 0, 170, 190)).copyTo(frame(cv::Rect(0, 0, 170, 190)));
    const auto result = gatesOn(frame);
    REQUIRE(failedCode(result) == "passed");
}

TEST_CASE("a face far from the camera is asked to come closer") {
    for (const auto& photo : {testing::messi(), testing::secondPerson()}) {
        const auto result = gatesOn(kioskFrame(photo, 0.5, 0.45, 0.15));
        REQUIRE(failedCode(result) == "face_too_small");
        CHECK(result.failed->message_zh == "请靠近一些");
        REQUIRE(result.face.has_value());
    }
}

TEST_CASE("a face in a corner is asked to move to the centre") {
    const auto result = gatesOn(kioskFrame(testing::messi(), 0.2, 0.25, 0.30));
    REQUIRE(failedCode(result) == "face_not_central");
    CHECK(result.failed->message_zh == "请移到画面中间");
    CHECK(result.failed->message_en == "Please move to the centre");
}

TEST_CASE("a blurred face is asked to hold still") {
    cv::Mat blurred;
    cv::GaussianBlur(messiCentred(), blurred, cv::Size(0, 0), 3);
    auto result = gatesOn(blurred);
    REQUIRE(failedCode(result) == "face_not_sharp");
    CHECK(result.failed->message_zh == "请保持不动");
    CHECK(result.failed->message_en == "Please hold still");

    cv::Mat sharp_then_blurred;
    cv::GaussianBlur(kioskFrame(testing::secondPerson(), 0.5, 0.45, 0.30), sharp_then_blurred, cv::Size(0, 0),
                     4);
    result = gatesOn(sharp_then_blurred);
    REQUIRE(failedCode(result) == "face_not_sharp");
}

TEST_CASE("a dark face is told it is too dark, a washed-out one too bright") {
    cv::Mat dark;
    messiCentred().convertTo(dark, -1, 0.3, 0);
    auto result = gatesOn(dark);
    REQUIRE(failedCode(result) == "face_too_dark");
    CHECK(result.failed->message_zh.starts_with("光线太暗"));

    cv::Mat bright;
    messiCentred().convertTo(bright, -1, 1.0, 130);
    result = gatesOn(bright);
    REQUIRE(failedCode(result) == "face_too_bright");
    CHECK(result.failed->message_zh.starts_with("光线太亮"));
}

TEST_CASE("the lighting and sharpness measures follow the image") {
    const cv::Mat frame = messiCentred();
    const cv::Rect box(240, 120, 160, 160);
    cv::Mat darker;
    frame.convertTo(darker, -1, 0.5, 0);
    CHECK(faceLuminance(darker, box) < faceLuminance(frame, box));
    cv::Mat blurred;
    cv::GaussianBlur(frame, blurred, cv::Size(0, 0), 2);
    CHECK(faceSharpness(blurred, box) < faceSharpness(frame, box));
    // A box partly outside the frame is measured on the part inside.
    CHECK(faceLuminance(frame, cv::Rect(600, 400, 100, 100)) > 0);
}
