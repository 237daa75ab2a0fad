// The opencv camera driver on files it can find here: a folder and globs of generated images in every format
// it reads, with the Asio loop on a thread of its own as in yicid.
#include <doctest/doctest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
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

TEST_CASE(
    "a missing device or file, or one the driver cannot read, is absent with camera_not_found naming it") {
    testing::TempDir dir;
    std::ofstream(dir.path() / "clip.avi") << "RIFF a video, which the driver no longer plays";
    EventLoop loop;
    for (const fs::path& source : {fs::path("/dev/video-yici-test-none"), fs::path("/nonexistent/clip.png"),
                                   dir.path() / "clip.avi", fs::path("/dev/null")}) {
        CAPTURE(source);
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

TEST_CASE("every picture format the driver reads shows its colours, and a broken file is skipped") {
    testing::TempDir dir;
    const std::vector<std::pair<std::string, cv::Scalar>> pictures{
        {"1.png", red},           {"2.jpg", green},         {"3.JPEG", blue},
        {"4.bmp", {0, 255, 255}}, {"5.ppm", {255, 0, 255}}, {"6.pgm", cv::Scalar::all(200)}};
    for (const auto& [name, colour] : pictures) {
        if (name.ends_with(".pgm")) {  // grey only
            REQUIRE(cv::imwrite((dir.path() / name).string(), cv::Mat(72, 96, CV_8UC1, colour)));
        } else {
            writeImage(dir.path() / name, colour);
        }
    }
    std::ofstream(dir.path() / "0.png") << "not a PNG at all";
    std::ofstream(dir.path() / "7.jpg") << "\xff\xd8\xff not a JPEG either";
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(dir.path(), 30));
    camera->start(seen.handler());
    REQUIRE(waitFor([&] { return seen.count() >= 18; }, 4s));
    camera->stop();
    std::set<std::string> shown;
    for (const auto& shot : seen.copy()) {
        const auto it =
            std::ranges::find_if(pictures, [&](const auto& p) { return isColour(shot.centre, p.second); });
        REQUIRE(it != pictures.end());
        shown.insert(it->first);
    }
    CHECK(shown.size() == pictures.size());
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

namespace {

// The first /dev/videoN that v4l2loopback made, or "" when there is none (no module, or a VM that cannot load
// one). umockdev cannot stand in: its ioctl emulation does not cover mmap, which V4L2 streaming needs.
std::string loopbackDevice() {
    for (int n = 0; n < 64; ++n) {
        const std::string path = "/dev/video" + std::to_string(n);
        const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) continue;
        v4l2_capability caps{};
        const bool loopback = ::ioctl(fd, VIDIOC_QUERYCAP, &caps) == 0 &&
                              std::string_view(reinterpret_cast<const char*>(caps.driver)) == "v4l2 loopback";
        ::close(fd);
        if (loopback) return path;
    }
    return {};
}

// One YUYV frame of a single colour, as a camera sends it.
std::vector<std::uint8_t> yuyvFrame(int width, int height, cv::Scalar bgr) {
    cv::Mat yuv;
    cv::cvtColor(cv::Mat(1, 1, CV_8UC3, bgr), yuv, cv::COLOR_BGR2YUV);
    const cv::Vec3b p = yuv.at<cv::Vec3b>(0, 0);
    std::vector<std::uint8_t> frame;
    for (int i = 0; i < width * height / 2; ++i) frame.insert(frame.end(), {p[0], p[1], p[0], p[2]});
    return frame;
}

}  // namespace

TEST_CASE("a V4L2 camera (v4l2loopback) streams YUYV frames that arrive in their colour") {
    const std::string device = loopbackDevice();
    if (device.empty()) {
        MESSAGE(
            "skipped: no v4l2loopback device (modprobe v4l2loopback); this machine's kernel has no modules");
        return;
    }
    const int writer = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(writer >= 0);
    v4l2_format format{};
    format.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    format.fmt.pix.width = 160;
    format.fmt.pix.height = 120;
    format.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
    format.fmt.pix.bytesperline = 320;
    format.fmt.pix.sizeimage = 160 * 120 * 2;
    format.fmt.pix.field = V4L2_FIELD_NONE;
    REQUIRE(::ioctl(writer, VIDIOC_S_FMT, &format) == 0);
    const auto frame = yuyvFrame(160, 120, blue);
    std::jthread feeding([&](const std::stop_token& stop) {
        while (!stop.stop_requested()) {
            if (::write(writer, frame.data(), frame.size()) < 0) break;
            std::this_thread::sleep_for(30ms);
        }
    });
    EventLoop loop;
    Seen seen;
    auto camera = opencv_camera::createCamera(loop.io.get_executor(), config(device, 15), 100ms);
    camera->start(seen.handler());
    CHECK(waitFor([&] { return seen.count() >= 3; }, 5s));
    CHECK(seen.lastIs(blue));
    CHECK(camera->health().level == hal::HealthLevel::ok);
    feeding.request_stop();
    feeding.join();
    ::close(writer);
    camera->stop();
}
