// Model files that are missing or broken: clear errors, a warning on /health, the cascade instead, never a
// crash.
#include <doctest/doctest.h>

#include <fstream>

#include "face/cascade_detector.hpp"
#include "face/errors.hpp"
#include "face/face_check.hpp"
#include "face/face_matcher.hpp"
#include "face/face_testing.hpp"
#include "face/yunet_detector.hpp"
#include "testing.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;
using namespace yici::face;
namespace fs = std::filesystem;

namespace {

fs::path writeGarbage(const fs::path& file) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 7919) % 251));
    return file;
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace

TEST_CASE("a missing YuNet model is an error naming the file") {
    const auto detector = YuNetDetector::load("/nonexistent/face_detection_yunet_2022mar.onnx");
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code == face::Errc::face_model_missing);
    CHECK(contains(detector.error().message, "/nonexistent/face_detection_yunet_2022mar.onnx"));
}

TEST_CASE("a corrupt YuNet model is an error naming the file, not a crash") {
    testing::TempDir dir;
    const auto model = writeGarbage(dir.path() / "yunet.onnx");
    const auto detector = YuNetDetector::load(model);
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code == face::Errc::face_model_unusable);
    CHECK(contains(detector.error().message, model.string()));
}

TEST_CASE("a missing or corrupt SFace model is an error naming the file") {
    auto matcher = FaceMatcher::load("/nonexistent/face_recognition_sface_2021dec.onnx", 0.363);
    REQUIRE_FALSE(matcher.has_value());
    CHECK(matcher.error().code == face::Errc::face_model_missing);
    CHECK(contains(matcher.error().message, "face_recognition_sface_2021dec.onnx"));

    testing::TempDir dir;
    const auto model = writeGarbage(dir.path() / "sface.onnx");
    matcher = FaceMatcher::load(model, 0.363);
    REQUIRE_FALSE(matcher.has_value());
    CHECK(matcher.error().code == face::Errc::face_model_unusable);
    CHECK(contains(matcher.error().message, model.string()));
}

TEST_CASE("a broken detector model warns the technician and the check carries on with the cascade") {
    testing::TempDir dir;
    FaceCheckOptions options;
    options.detector_model = writeGarbage(dir.path() / "yunet.onnx");
    FaceCheck check(options);
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::warning);
    CHECK(health.code == face::Errc::face_model_unusable);
    CHECK(contains(health.detail, options.detector_model.string()));
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
    CHECK(health.code == face::Errc::face_model_unusable);
    CHECK(contains(health.detail, "/nonexistent/face_recognition_sface_2021dec.onnx"));
    CHECK_FALSE(check.canMatch());
}

TEST_CASE("no model configured is a healthy kiosk where staff verify faces") {
    FaceCheck check(FaceCheckOptions{});
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::ok);
    CHECK(health.code == hal::Errc::ok);
    CHECK(contains(health.detail, "staff verify"));
    CHECK(check.detectorName() == "lbp_cascade");
}

TEST_CASE("the Haar cascade is used when the LBP cascade is missing") {
    testing::TempDir dir;
    fs::create_directories(dir.path() / "haarcascades");
    fs::copy_file(kDebianCascadeDir / "haarcascades/haarcascade_frontalface_default.xml",
                  dir.path() / "haarcascades/haarcascade_frontalface_default.xml");
    const auto detector = CascadeDetector::load(dir.path());
    REQUIRE(detector.has_value());
    CHECK((*detector)->name() == "haar_cascade");
    const auto faces = (*detector)->detect(testing::kioskFrame(testing::messi(), 0.5, 0.45, 0.30));
    REQUIRE(faces.has_value());
    CHECK_FALSE(faces->empty());
}

TEST_CASE("a corrupt cascade file is an error, not a crash") {
    testing::TempDir dir;
    writeGarbage(dir.path() / "lbpcascades/lbpcascade_frontalface_improved.xml");
    const auto detector = CascadeDetector::load(dir.path());
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code == face::Errc::face_cascade_unusable);
    CHECK(contains(detector.error().message, "lbpcascade_frontalface_improved.xml"));
}

TEST_CASE("without any detector health is critical and every check ends at once as unavailable") {
    testing::TempDir empty;
    FaceCheckOptions options;
    options.cascade_dir = empty.path();
    FaceCheck check(options);
    const auto health = check.health();
    CHECK(health.level == hal::HealthLevel::critical);
    CHECK(health.code == face::Errc::face_cascade_missing);
    CHECK(contains(health.detail, "opencv-data"));

    check.start(cv::Mat());
    const auto progress =
        check.onFrame(testing::halFrame(cv::Mat(480, 640, CV_8UC3, cv::Scalar::all(0)), {}));
    REQUIRE(progress.has_value());
    CHECK(progress->stage == FaceCheckProgress::Stage::done);
    REQUIRE(progress->result.has_value());
    CHECK(progress->result->decision == MatchResult::Decision::unavailable);
    CHECK(progress->instruction->code == "face_check_unavailable");
}
