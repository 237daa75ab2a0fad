// The camera as yicid configures it from the board file, and where its frames go.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <algorithm>

#include "app/camera_frames.hpp"
#include "fakes/recording_session_events.hpp"
#include "scan/qr_frames.hpp"
#include "testing.hpp"

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

namespace {

// yicid's camera wiring over a session flow: frames to the face step at a session's face step, else to the QR
// watcher.
struct FramesBench {
    boost::asio::io_context io;
    testing::RecordingSessionEvents events;
    testing::FakeClock clock{testing::shanghai(2026, 11, 27, 10, 0)};
    catalog::HallCatalog hall =
        *catalog::loadHallCatalog(testing::sourceDir() / "tests/data/always-open-hall.toml");
    prereg::Flow sessions{io.get_executor(), std::chrono::seconds(60), events, clock, hall};
    face::FaceStep face{
        io.get_executor(),
        {},
        face::FaceStep::step_timeout,
        events,
        {.current = [this](std::uint64_t serial) { return app::atFaceStep(sessions, serial); },
         .decided = [](std::uint64_t, const face::StepDecision&) {},
         .preview = [](std::shared_ptr<const std::string>) {},
         .photo = [] { return std::vector<std::uint8_t>{}; }}};
    scan::QrWatcher qr{io.get_executor(), "https://hall.example.cn/q", events};
    app::CameraFrames frames{sessions, face, qr};
    hal::Camera::FrameHandler handler = frames.handler();
    std::chrono::steady_clock::time_point t0 =
        std::chrono::steady_clock::time_point{} + std::chrono::hours(1);

    FramesBench() {
        sessions.onFaceStep([this](std::uint64_t serial) { face.begin(serial, true); });
    }
    ~FramesBench() { io.stop(); }  // the session's idle timer is not waited for
    // The frame at t0 + `after` seconds; then handlers run until `seen` (what the frame should cause) holds.
    template <class Seen>
    void show(hal::Frame frame, int after, Seen seen) {
        frame.at = t0 + std::chrono::seconds(after);
        handler(std::move(frame));
        io.restart();
        while (!seen()) REQUIRE(io.run_one() == 1);
    }
    std::size_t count(std::string_view name) const {
        const auto names = events.names();
        return static_cast<std::size_t>(std::count(names.begin(), names.end(), name));
    }
};

hal::IdCard zhangSanCard() {
    hal::IdCard c;
    c.name = "张三";
    c.birth_date = "19850612";
    c.id_number = "330324198506121230";
    c.valid_to = "20350612";
    return c;
}

hal::Frame appointmentCode() {
    return testing::frameWithQr("YY2026AB01");
}

hal::Frame nobody() {
    return hal::Frame{640, 480, std::vector<std::uint8_t>(640 * 480 * 3, 128), {}};
}

}  // namespace

TEST_CASE("frames go to the QR watcher, to the face step while a session is at it, and back when it leaves") {
    FramesBench b;
    CHECK_FALSE(b.frames.lastFrameAt().has_value());
    b.show(appointmentCode(), 0, [&] { return b.count("qr") == 1; });
    CHECK(b.frames.lastFrameAt().has_value());

    const std::uint64_t serial = b.sessions.cardPresent(zhangSanCard());
    REQUIRE(b.sessions.chooseService("ca-marriage").has_value());  // an item with the face step
    REQUIRE(b.face.serial() == serial);
    b.show(nobody(), 10, [&] { return b.count("face") == 1; });  // the face step tells the citizen to look
    CHECK(b.count("qr") == 1);

    REQUIRE(b.sessions.back().has_value());  // the citizen goes back: the next frame ends the face step
    b.show(appointmentCode(), 20, [&] { return b.count("qr") == 2; });
    CHECK(b.face.serial() == 0);
    CHECK(b.count("face") == 1);
}
