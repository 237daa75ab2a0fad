// The virtual camera: images and video frames decoded with OpenCV and written as PNG scenes; a symlink
// renamed over DIR/current switches scenes in one step, so a reader never sees half a scene.
#include "virtual_camera.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <fmt/format.h>

#include <system_error>

#include "base/async.hpp"
#include "face_scenes.hpp"

namespace yici::devsim {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

constexpr std::string_view usage =
    "error: camera commands: camera show FILE..., camera scene NAME, camera play VIDEO, camera off, camera "
    "status";

std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < line.size()) {
        const auto space = line.find(' ', start);
        const auto end = space == std::string::npos ? line.size() : space;
        if (end > start) out.push_back(line.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// Fast PNG: the frames are read once and thrown away, size matters less than time.
bool writeFrame(const fs::path& scene, int number, const cv::Mat& image) {
    const std::vector<int> params{cv::IMWRITE_PNG_COMPRESSION, 1};
    return cv::imwrite((scene / fmt::format("frame-{:06}.png", number)).string(), image, params);
}

void removeScenesBut(const fs::path& dir, const fs::path& keep) {
    std::error_code ec;
    std::vector<fs::path> old;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.starts_with("scene-") && it->path() != keep) old.push_back(it->path());
    }
    for (const auto& path : old) fs::remove_all(path, ec);
}

}  // namespace

VirtualCamera::VirtualCamera(fs::path dir) : dir_(fs::absolute(std::move(dir))) {
    fs::create_directories(dir_);
    fs::remove(dir_ / "current.new");
    swapTo(newScene());  // nothing to show yet; scenes of an earlier run go too
}

VirtualCamera::~VirtualCamera() {
    worker_.stop();
    worker_.join();
    std::error_code ec;
    fs::remove(dir_ / "current", ec);
    fs::remove(dir_ / "current.new", ec);
    removeScenesBut(dir_, {});
}

asio::awaitable<std::string> VirtualCamera::command(std::string line) {
    auto job = [this, line = std::move(line)] { return apply(line); };
    std::string reply = co_await offload(worker_.get_executor(), std::move(job));
    co_return reply;
}

std::string VirtualCamera::apply(const std::string& line) {
    const std::vector<std::string> w = words(line);
    if (w.size() >= 3 && w[1] == "show") return show({w.begin() + 2, w.end()});
    if (w.size() == 3 && w[1] == "play") return play(w[2]);
    if (w.size() == 3 && w[1] == "scene") return scene(w[2]);
    if (w.size() == 2 && w[1] == "off") return off();
    if (w.size() == 2 && w[1] == "status") {
        return fmt::format("ok camera showing={} frames={} current={}", showing_, frames_,
                           currentLink().string());
    }
    return std::string(usage);
}

std::string VirtualCamera::show(const std::vector<std::string>& files) {
    std::vector<cv::Mat> images;
    for (const auto& file : files) {
        cv::Mat image = cv::imread(file, cv::IMREAD_COLOR);
        if (image.empty()) return fmt::format("error: cannot read image '{}'", file);
        images.push_back(std::move(image));
    }
    return showImages(images, "images");
}

std::string VirtualCamera::scene(const std::string& name) {
    FaceScene made = faceScene(name);
    if (!made.error.empty()) return "error: " + made.error;
    return showImages(made.frames, "scene " + name);
}

std::string VirtualCamera::showImages(const std::vector<cv::Mat>& images, std::string what) {
    if (static_cast<int>(images.size()) > max_frames) {
        return fmt::format("error: at most {} images in a scene", max_frames);
    }
    const fs::path scene = newScene();
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (!writeFrame(scene, static_cast<int>(i) + 1, images[i])) {
            return fmt::format("error: cannot write frames into {}", scene.string());
        }
    }
    swapTo(scene);
    showing_ = std::move(what);
    frames_ = static_cast<int>(images.size());
    return fmt::format("ok camera shows {} image(s)", frames_);
}

std::string VirtualCamera::play(const std::string& video) {
    cv::VideoCapture capture(video, cv::CAP_ANY);
    if (!capture.isOpened()) return fmt::format("error: cannot open video '{}'", video);
    const fs::path scene = newScene();
    int written = 0;
    cv::Mat image;
    while (written < max_frames && capture.read(image) && !image.empty()) {
        if (!writeFrame(scene, written + 1, image)) {
            return fmt::format("error: cannot write frames into {}", scene.string());
        }
        ++written;
    }
    if (written == 0) {
        std::error_code ec;
        fs::remove_all(scene, ec);
        return fmt::format("error: no frame could be read from '{}'", video);
    }
    swapTo(scene);
    showing_ = "video";
    frames_ = written;
    return fmt::format("ok camera plays {} frame(s)", written);
}

std::string VirtualCamera::off() {
    swapTo(newScene());
    showing_ = "off";
    frames_ = 0;
    return "ok";
}

fs::path VirtualCamera::newScene() {
    const fs::path scene = dir_ / fmt::format("scene-{:06}", next_scene_++);
    std::error_code ec;
    fs::remove_all(scene, ec);
    fs::create_directory(scene);
    return scene;
}

// rename(2) replaces the old link in one step. The old scene goes at once: a reader in the middle of a
// file keeps it open, and one about to open a frame finds the new scene's frame of the same name or none.
void VirtualCamera::swapTo(const fs::path& scene) {
    const fs::path staged = dir_ / "current.new";
    std::error_code ec;
    fs::remove(staged, ec);
    fs::create_directory_symlink(scene.filename(), staged);
    fs::rename(staged, dir_ / "current");
    removeScenesBut(dir_, scene);
}

}  // namespace yici::devsim
