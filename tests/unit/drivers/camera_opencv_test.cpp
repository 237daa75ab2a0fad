// The opencv camera driver on files it can find here: a folder and globs of generated images, and a short
// MJPG video, with the Asio loop on a thread of its own as in yicid.
#include <doctest/doctest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "camera/opencv/opencv_camera.hpp"
#include "register_all.hpp"
#include "testing.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Steady = std::chrono::steady_clock;

// An io_context running on its own thread, like yicid's Asio thread.
struct EventLoop {
    boost::asio::io_context io{1};
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
    std::thread thread{[this] { io.run(); }};
    ~EventLoop() {
        work.reset();
        io.stop();
        thread.join();
    }
};

// What the frame handler saw.
struct Seen {
    struct Shot {
        int width = 0, height = 0;
        std::size_t bytes = 0;
        std::thread::id thread;
        cv::Vec3b centre;       // B, G, R of the middle pixel
        Steady::time_point at;  // when the driver read it
    };
    std::mutex mutex;
    std::vector<Shot> shots;

    hal::Camera::FrameHandler handler() {
        return [this](hal::Frame frame) {
            Shot shot{frame.width, frame.height, frame.bgr.size(), std::this_thread::get_id(), {}, frame.at};
            const std::size_t middle =
                (static_cast<std::size_t>(frame.height / 2) * static_cast<std::size_t>(frame.width) +
                 static_cast<std::size_t>(frame.width / 2)) *
                3;
            if (middle + 2 < frame.bgr.size()) {
                shot.centre = {frame.bgr[middle], frame.bgr[middle + 1], frame.bgr[middle + 2]};
            }
            std::lock_guard lock(mutex);
            shots.push_back(shot);
        };
    }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return shots.size();
    }
    std::vector<Shot> copy() {
        std::lock_guard lock(mutex);
        return shots;
    }
    // True when the last frame handled was mostly `bgr`.
    bool lastIs(cv::Scalar bgr);
};

bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto until = Steady::now() + timeout;
    while (Steady::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return done();
}

// One colour, written under a temporary name and renamed, as anything replacing a file on disk should.
void writeImage(const fs::path& file, cv::Scalar bgr, int width = 96, int height = 72) {
    const fs::path staged = file.parent_path() / (".staged-" + file.filename().string());
    REQUIRE(cv::imwrite(staged.string(), cv::Mat(height, width, CV_8UC3, bgr)));
    fs::rename(staged, file);
}

const cv::Scalar red{0, 0, 255}, green{0, 255, 0}, blue{255, 0, 0};

bool isColour(cv::Vec3b got, cv::Scalar want) {
    for (int i = 0; i < 3; ++i) {
        if (std::abs(int{got[i]} - static_cast<int>(want[i])) > 8) return false;
    }
    return true;
}

bool Seen::lastIs(cv::Scalar bgr) {
    std::lock_guard lock(mutex);
    return !shots.empty() && isColour(shots.back().centre, bgr);
}

hal::CameraConfig config(const fs::path& source, int fps = 20, int timeout_ms = 400) {
    hal::CameraConfig c;
    c.driver = "opencv";
    c.source = source.string();
    c.width = 64;
    c.height = 48;
    c.fps = fps;
    c.frame_timeout_ms = timeout_ms;
    return c;
}

bool healthIs(const hal::Camera& camera, hal::HealthLevel level, ErrorCode code) {
    const hal::Health h = camera.health();
    return h.level == level && h.code == code;
}

}  // namespace

TEST_CASE("a folder of images gives frames of the configured size, in name order, on the Asio thread") {
    testing::TempDir dir;
    writeImage(dir.path() / "b.png", green);
    writeImage(dir.path() / "a.png", red);
    writeImage(dir.path() / "c.jpg", blue, 200, 150);
    std::ofstream(dir.path() / "notes.txt") << "not a picture";
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path()));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 7; }, 3s));
    CHECK(camera->health().level == hal::HealthLevel::ok);
    camera->stop();
    const auto shots = seen.copy();
    for (const auto& shot : shots) {
        CHECK(shot.width == 64);
        CHECK(shot.height == 48);
        CHECK(shot.bytes == 64u * 48u * 3u);
        CHECK(shot.thread == loop.thread.get_id());
    }
    // a, b, c, then a again: sorted by name and cycled. A frame the Asio thread is too busy to take is
    // dropped (never queued stale), so only shots read one period apart must be neighbours in the cycle.
    const std::vector<cv::Scalar> cycle{red, green, blue};
    const auto place = [&](cv::Vec3b centre) {
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            if (isColour(centre, cycle[i])) return static_cast<int>(i);
        }
        return -1;
    };
    CHECK(place(shots[0].centre) == 0);
    int neighbours = 0;
    for (std::size_t i = 1; i < shots.size(); ++i) {
        REQUIRE(place(shots[i].centre) >= 0);
        if (shots[i].at - shots[i - 1].at >= 75ms) continue;  // 20 fps: a frame in between was dropped
        CHECK(place(shots[i].centre) == (place(shots[i - 1].centre) + 1) % 3);
        ++neighbours;
    }
    CHECK(neighbours >= 3);
}

TEST_CASE("frames come at about the configured rate, never faster") {
    testing::TempDir dir;
    writeImage(dir.path() / "only.png", green);
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path() / "*.png", 10));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 1; }, 2s));
    const std::size_t first = seen.count();
    std::this_thread::sleep_for(1500ms);
    const std::size_t in_window = seen.count() - first;
    camera->stop();
    CHECK(in_window <= 17);  // 10 fps for 1.5 s, one tick of slack at each end
    CHECK(in_window >= 9);   // a loaded test machine may lose a few
}

TEST_CASE("the opencv driver is registered under its board-config name") {
    hal::DriverRegistries registries;
    drivers::registerAll(registries);
    CHECK(registries.cameras.contains("opencv"));
    EventLoop loop;
    auto created = registries.cameras.create("opencv", loop.io.get_executor(), config("/nonexistent/*.png"));
    REQUIRE(created.has_value());
}

TEST_CASE("a missing source is absent with camera_not_found, and ok once it appears") {
    testing::TempDir dir;
    const fs::path folder = dir.path() / "later";
    EventLoop loop;
    Seen seen;
    auto camera =
        opencv_camera::createCamera(loop.io.get_executor(), config(folder / "*.png", 20, 400), 100ms);
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return healthIs(*camera, hal::HealthLevel::absent, hal::Errc::camera_not_found); },
                    2s));
    CHECK(camera->health().detail.find(folder.string()) != std::string::npos);
    fs::create_directories(folder);
    writeImage(folder / "frame-1.png", red);
    CHECK(waitFor([&] { return healthIs(*camera, hal::HealthLevel::ok, hal::Errc::ok); }, 2s));
    CHECK(waitFor([&] { return seen.count() >= 1; }, 2s));
    camera->stop();
}

TEST_CASE("a missing device or video file is absent with camera_not_found naming it") {
    EventLoop loop;
    for (const fs::path& source :
         {fs::path("/dev/video-yici-test-none"), fs::path("/nonexistent/clip.avi")}) {
        auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(source), 100ms);
        camera->start([](hal::Frame) {});
        CHECK(waitFor(
            [&] { return healthIs(*camera, hal::HealthLevel::absent, hal::Errc::camera_not_found); }, 2s));
        CHECK(camera->health().detail.find(source.string()) != std::string::npos);
    }
}

TEST_CASE("a source that stops delivering goes critical within the timeout, and recovers") {
    testing::TempDir dir;
    writeImage(dir.path() / "1.png", red);
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path() / "*.png", 20, 300));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return healthIs(*camera, hal::HealthLevel::ok, hal::Errc::ok); }, 2s));

    fs::remove(dir.path() / "1.png");  // the folder stays, emptied
    const auto emptied = Steady::now();
    REQUIRE(waitFor(
        [&] { return healthIs(*camera, hal::HealthLevel::critical, hal::Errc::camera_no_frames); }, 2s));
    CHECK(Steady::now() - emptied < 300ms + 500ms);  // the timeout, a frame and a poll, on a busy machine
    CHECK(camera->health().detail.find("no frame") != std::string::npos);

    writeImage(dir.path() / "2.png", blue);
    CHECK(waitFor([&] { return healthIs(*camera, hal::HealthLevel::ok, hal::Errc::ok); }, 2s));
    CHECK(waitFor([&] { return seen.lastIs(blue); }, 2s));
    camera->stop();
}

TEST_CASE("a removed folder is absent, then ok again when it comes back") {
    testing::TempDir dir;
    const fs::path folder = dir.path() / "frames";
    fs::create_directories(folder);
    writeImage(folder / "1.png", red);
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(folder), 100ms);
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return healthIs(*camera, hal::HealthLevel::ok, hal::Errc::ok); }, 2s));
    fs::remove_all(folder);
    CHECK(waitFor([&] { return healthIs(*camera, hal::HealthLevel::absent, hal::Errc::camera_not_found); },
                  2s));
    fs::create_directories(folder);
    writeImage(folder / "1.png", green);
    CHECK(waitFor([&] { return healthIs(*camera, hal::HealthLevel::ok, hal::Errc::ok); }, 2s));
    camera->stop();
}

TEST_CASE("an image replaced on disk is what the camera shows next") {
    testing::TempDir dir;
    writeImage(dir.path() / "scene.png", red);
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path() / "scene.png"));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 1; }, 2s));
    CHECK(isColour(seen.copy().front().centre, red));
    writeImage(dir.path() / "scene.png", blue);
    CHECK(waitFor([&] { return seen.lastIs(blue); }, 2s));
    camera->stop();
}

TEST_CASE("a video file plays and starts again at its end") {
    testing::TempDir dir;
    const fs::path video = dir.path() / "clip.avi";
    {
        cv::VideoWriter writer(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 20.0,
                               cv::Size(80, 60));
        REQUIRE(writer.isOpened());
        for (int i = 0; i < 6; ++i) writer.write(cv::Mat(60, 80, CV_8UC3, cv::Scalar::all(30 + 40 * i)));
    }
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(video, 20));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 14; }, 4s));  // more frames than the file has
    CHECK(camera->health().level == hal::HealthLevel::ok);
    camera->stop();
    const auto shots = seen.copy();
    int restarts = 0;
    for (std::size_t i = 1; i < shots.size(); ++i) {
        CHECK(shots[i].width == 64);
        if (shots[i].centre[0] + 60 < shots[i - 1].centre[0]) ++restarts;  // bright back to dark
    }
    CHECK(restarts >= 1);
}

TEST_CASE("stop wakes a capture thread that waits for its next frame at once") {
    testing::TempDir dir;
    writeImage(dir.path() / "1.png", red);
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path(), 1, 3000));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 1; }, 2s));
    const auto asked = Steady::now();
    camera->stop();
    camera.reset();                        // joins the capture thread
    CHECK(Steady::now() - asked < 300ms);  // not the second a frame takes at 1 fps
}
