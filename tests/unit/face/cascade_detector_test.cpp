// The OpenCV cascades the face check falls back to: Haar when LBP is missing, a broken file an error.
#include <doctest/doctest.h>

#include "face/cascade_detector.hpp"
#include "face/face_testing.hpp"
#include "testing.hpp"

using namespace yici;
using namespace yici::face;
namespace fs = std::filesystem;

TEST_CASE("the Haar cascade is used when the LBP cascade is missing") {
    testing::TempDir dir;
    fs::create_directories(dir.path() / "haarcascades");
    fs::copy_file(debian_cascade_dir / "haarcascades/haarcascade_frontalface_default.xml",
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
    testing::writeGarbage(dir.path() / "lbpcascades/lbpcascade_frontalface_improved.xml");
    const auto detector = CascadeDetector::load(dir.path());
    REQUIRE_FALSE(detector.has_value());
    CHECK(detector.error().code.name() == "face_cascade_unusable");
    CHECK(testing::contains(detector.error().message, "lbpcascade_frontalface_improved.xml"));
}
