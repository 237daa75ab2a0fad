// Loading the YuNet detector model: a missing or broken file is an error naming it, never a crash.
#include <doctest/doctest.h>

#include "face/face_testing.hpp"
#include "face/yunet_detector.hpp"
#include "testing.hpp"

using namespace yici;
using namespace yici::face;

TEST_CASE("a missing YuNet model is an error naming the file") {
    const auto detector = YuNetDetector::load("/nonexistent/face_detection_yunet_2022mar.onnx");
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code.name() == "face_model_missing");
    CHECK(testing::contains(detector.error().message, "/nonexistent/face_detection_yunet_2022mar.onnx"));
}

TEST_CASE("a corrupt YuNet model is an error naming the file, not a crash") {
    testing::TempDir dir;
    const auto model = testing::writeGarbage(dir.path() / "yunet.onnx");
    const auto detector = YuNetDetector::load(model);
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code.name() == "face_model_unusable");
    CHECK(testing::contains(detector.error().message, model.string()));
}
