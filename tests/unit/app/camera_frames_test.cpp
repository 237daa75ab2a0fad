// The camera as yicid configures it from the board file.
#include <doctest/doctest.h>

#include "app/camera_frames.hpp"

using namespace yici;

TEST_CASE("the board's [face] keys become the check's options") {
    config::BoardConfig::Face face;
    face.detector_model = "/usr/share/yici/models/face_detection_yunet_2022mar.onnx";
    face.recognizer_model = "/usr/share/yici/models/face_recognition_sface_2021dec.onnx";
    face.match_threshold = 0.4;
    const auto options = app::faceCheckOptions(face);
    CHECK(options.detector_model == face.detector_model);
    CHECK(options.recognizer_model == face.recognizer_model);
    CHECK(options.match_threshold == 0.4);
    CHECK(options.cascade_dir == face::debian_cascade_dir);
}
