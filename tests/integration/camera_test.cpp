// yicid's opencv camera on yici-devsim's virtual camera: what the bench shows decides the camera's health.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "harness.hpp"

using namespace yici;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

bool cameraIs(itest::Bench& bench, const std::string& health, const std::string& code) {
    const std::string body = bench.health().body;
    return body.find(R"("camera":{"health":")" + health + R"(","code":")" + code + "\"") != std::string::npos;
}

bool waitForCamera(itest::Bench& bench, const std::string& health, const std::string& code,
                   std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
        if (cameraIs(bench, health, code)) return true;
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

}  // namespace

TEST_CASE("the kiosk's camera sees what the virtual camera shows, and goes critical when it shows nothing") {
    itest::Bench bench;
    const auto picture = bench.dir / "visitor.png";
    REQUIRE(cv::imwrite(picture.string(), cv::Mat(120, 160, CV_8UC3, cv::Scalar(40, 160, 220))));
    const auto video = bench.dir / "queue.avi";
    {
        cv::VideoWriter writer(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0,
                               cv::Size(160, 120));
        REQUIRE(writer.isOpened());
        for (int i = 0; i < 5; ++i) writer.write(cv::Mat(120, 160, CV_8UC3, cv::Scalar::all(40 * i)));
    }
    bench.startDevsim();
    REQUIRE(bench.ctl("camera show " + picture.string()) == 0);
    std::ofstream(bench.board, std::ios::app)
        << "[camera]\ndriver = \"opencv\"\nsource = \"" << (bench.camera_dir / "current" / "*.png").string()
        << "\"\nwidth = 320\nheight = 240\nfps = 10\nframe_timeout_ms = 1000\n";
    bench.startYicid();
    CHECK(waitForCamera(bench, "ok", "ok", 3s));

    REQUIRE(bench.ctl("camera off") == 0);
    const auto off = Clock::now();
    CHECK(waitForCamera(bench, "critical", "camera_no_frames", 3s));
    CHECK(Clock::now() - off < 1000ms + 1000ms);  // the timeout, a frame and a poll or two, on a busy machine
    CHECK(bench.health().body.find(R"("status":"degraded")") != std::string::npos);

    REQUIRE(bench.ctl("camera show " + picture.string()) == 0);
    CHECK(waitForCamera(bench, "ok", "ok", 2s));

    REQUIRE(bench.ctl("camera off") == 0);
    CHECK(waitForCamera(bench, "critical", "camera_no_frames", 3s));
    REQUIRE(bench.ctl("camera play " + video.string()) == 0);
    CHECK(waitForCamera(bench, "ok", "ok", 2s));
}

TEST_CASE("the virtual camera refuses what it cannot show and keeps the scene it had") {
    itest::Bench bench;
    bench.startDevsim();
    CHECK(bench.ctl("camera show /nonexistent/face.png") == 1);
    CHECK(bench.ctl("camera play /nonexistent/clip.avi") == 1);
    CHECK(bench.ctl("camera dance") == 1);
    CHECK(bench.ctl("camera status") == 0);
    CHECK(std::filesystem::is_symlink(bench.camera_dir / "current"));
    CHECK(std::filesystem::is_empty(bench.camera_dir / "current"));
}

TEST_CASE("a camera the bench never had is absent with camera_not_found") {
    itest::Bench bench;
    bench.startDevsim();
    std::ofstream(bench.board, std::ios::app) << "[camera]\ndriver = \"opencv\"\nsource = \""
                                              << (bench.dir / "no-such-camera" / "*.png").string() << "\"\n";
    bench.startYicid();
    CHECK(waitForCamera(bench, "absent", "camera_not_found", 3s));
    CHECK(bench.health().body.find("no-such-camera") != std::string::npos);
}
