// The frame sources of the opencv camera driver: V4L2 through cv::VideoCapture, video files that loop,
// and image lists that are listed again at every pass so files replaced on disk are picked up.
#include "frame_source.hpp"

#include <glob.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <system_error>

#include "yici/hal/errors.hpp"

namespace yici::opencv_camera {
namespace {

namespace fs = std::filesystem;

Expected<std::unique_ptr<FrameSource>> notFound(const std::string& source, std::string_view why) {
    return fail(hal::Errc::camera_not_found, fmt::format("{}: {}", source, why));
}

// A camera on V4L2. grab() blocks until the device has a picture; a failed grab means it is gone (or sent
// nothing for OpenCV's V4L2 select timeout, 10 s).
class DeviceSource final : public FrameSource {
  public:
    explicit DeviceSource(cv::VideoCapture capture) : capture_(std::move(capture)) {}
    bool live() const override { return true; }
    Read read(cv::Mat& out, bool keep) override {
        if (!capture_.grab()) return Read::lost;
        if (!keep) return Read::none;
        return capture_.retrieve(out) && !out.empty() ? Read::frame : Read::none;
    }

  private:
    cv::VideoCapture capture_;
};

// A video file played in real time at the driver's rate (frames in between are skipped), from the start
// again at its end.
class VideoFileSource final : public FrameSource {
  public:
    VideoFileSource(std::string path, cv::VideoCapture capture, int fps)
        : path_(std::move(path)), capture_(std::move(capture)) {
        const double native = capture_.get(cv::CAP_PROP_FPS);
        if (std::isfinite(native) && native > 0) native_fps_ = native;
        if (native_fps_ > fps) step_ = std::max(1, static_cast<int>(std::lround(native_fps_ / fps)));
    }
    bool live() const override { return false; }
    double maxFps() const override { return native_fps_; }
    Read read(cv::Mat& out, bool /*keep*/) override {
        for (int attempt = 0; attempt < 2; ++attempt) {
            bool more = true;
            for (int i = 1; i < step_ && more; ++i) more = capture_.grab();
            if (more && capture_.read(out) && !out.empty()) return Read::frame;
            // The end (or a broken tail): open it again rather than seek, which not every container allows.
            capture_.release();
            std::error_code ec;
            if (!fs::is_regular_file(path_, ec) || !capture_.open(path_, cv::CAP_ANY)) return Read::lost;
        }
        return Read::none;  // opens, but yields nothing
    }

  private:
    std::string path_;
    cv::VideoCapture capture_;
    double native_fps_ = 0;
    int step_ = 1;  // frames of the file per delivered frame
};

// Images cycled in name order. The list is made again at the start of each pass, and whenever a file fails
// to load (replaced or removed meanwhile), so what is on disk now is what the camera sees next.
class ImageListSource final : public FrameSource {
  public:
    ImageListSource(std::function<std::vector<std::string>()> list, fs::path must_exist)
        : list_(std::move(list)), must_exist_(std::move(must_exist)) {}
    bool live() const override { return false; }
    Read read(cv::Mat& out, bool /*keep*/) override {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (next_ >= files_.size()) {
                files_ = list_();
                next_ = 0;
                if (files_.empty()) return present() ? Read::none : Read::lost;
            }
            const std::string& file = files_[next_++];
            out = cv::imread(file, cv::IMREAD_COLOR);
            if (!out.empty()) return Read::frame;
            // Resume after the file that failed, in the fresh list: a broken file is skipped, a new scene
            // goes on from where the old one was.
            const std::string failed = file;
            files_ = list_();
            next_ = static_cast<std::size_t>(std::upper_bound(files_.begin(), files_.end(), failed) -
                                             files_.begin());
        }
        return present() ? Read::none : Read::lost;
    }

  private:
    bool present() const {
        std::error_code ec;
        return fs::exists(must_exist_, ec);
    }

    std::function<std::vector<std::string>()> list_;
    fs::path must_exist_;
    std::vector<std::string> files_;
    std::size_t next_ = 0;
};

std::vector<std::string> imagesIn(const fs::path& folder) {
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (isImageName(it->path().filename().string())) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// The folder a glob's matches live in, as far as it is literal: /run/cam/current for /run/cam/current/*.png.
fs::path literalFolder(const std::string& pattern) {
    const auto wild = pattern.find_first_of("*?[");
    const auto slash = pattern.rfind('/', wild);
    if (slash == std::string::npos) return ".";
    return slash == 0 ? fs::path("/") : fs::path(pattern.substr(0, slash));
}

}  // namespace

bool isImageName(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return false;
    std::string ext(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    for (std::string_view known : {"png", "jpg", "jpeg", "bmp", "ppm", "pgm", "webp", "tif", "tiff"}) {
        if (ext == known) return true;
    }
    return false;
}

std::vector<std::string> globSorted(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t found{};
    if (::glob(pattern.c_str(), 0, nullptr, &found) == 0) {
        for (std::size_t i = 0; i < found.gl_pathc; ++i) {
            if (isImageName(found.gl_pathv[i])) out.emplace_back(found.gl_pathv[i]);
        }
    }
    ::globfree(&found);
    std::sort(out.begin(), out.end());  // byte order, whatever the locale's collation
    return out;
}

Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& source, int width, int height,
                                                       int fps) {
    std::error_code ec;
    if (source.starts_with("/dev/")) {
        if (!fs::exists(source, ec)) return notFound(source, "no such device");
        cv::VideoCapture capture(source, cv::CAP_V4L2);
        if (!capture.isOpened()) return notFound(source, "cannot be opened as a V4L2 capture device");
        capture.set(cv::CAP_PROP_FRAME_WIDTH, width);
        capture.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        capture.set(cv::CAP_PROP_FPS, fps);
        return std::make_unique<DeviceSource>(std::move(capture));
    }
    if (source.find_first_of("*?[") != std::string::npos) {
        fs::path folder = literalFolder(source);
        if (!fs::is_directory(folder, ec)) return notFound(source, "no folder " + folder.string());
        return std::make_unique<ImageListSource>([source] { return globSorted(source); }, std::move(folder));
    }
    if (fs::is_directory(source, ec)) {
        return std::make_unique<ImageListSource>([source] { return imagesIn(source); }, source);
    }
    if (!fs::is_regular_file(source, ec)) return notFound(source, "no such file or folder");
    if (isImageName(source)) {
        return std::make_unique<ImageListSource>(
            [source] {
                std::error_code exists;
                return fs::is_regular_file(source, exists) ? std::vector<std::string>{source}
                                                           : std::vector<std::string>{};
            },
            source);
    }
    cv::VideoCapture capture(source, cv::CAP_ANY);
    if (!capture.isOpened()) return notFound(source, "cannot be opened as a video");
    return std::make_unique<VideoFileSource>(source, std::move(capture), fps);
}

}  // namespace yici::opencv_camera
