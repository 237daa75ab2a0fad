// Loading the SFace recognizer model: a missing or broken file is an error naming it, never a crash.
#include <doctest/doctest.h>

#include "face/face_matcher.hpp"
#include "face/face_testing.hpp"
#include "testing.hpp"

using namespace yici;
using namespace yici::face;

TEST_CASE("a missing or corrupt SFace model is an error naming the file") {
    auto matcher = FaceMatcher::load("/nonexistent/face_recognition_sface_2021dec.onnx", 0.363);
    REQUIRE_FALSE(matcher.has_value());
    CHECK(matcher.error().code.name() == "face_model_missing");
    CHECK(testing::contains(matcher.error().message, "face_recognition_sface_2021dec.onnx"));

    testing::TempDir dir;
    const auto model = testing::writeGarbage(dir.path() / "sface.onnx");
    matcher = FaceMatcher::load(model, 0.363);
    REQUIRE_FALSE(matcher.has_value());
    CHECK(matcher.error().code.name() == "face_model_unusable");
    CHECK(testing::contains(matcher.error().message, model.string()));
}
