// The frame sources of the opencv camera driver: a V4L2 camera (v4l2_source.cpp), and image lists that are
// listed again at every pass so files replaced on disk are picked up.
#include "frame_source.hpp"

#include <glob.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <system_error>

#include "pictures.hpp"
#include "v4l2_source.hpp"
#include "yici/hal/errors.hpp"

namespace yici::opencv_camera {
namespace {

namespace fs = std::filesystem;

Expected<std::unique_ptr<FrameSource>> notFound(const std::string& source, std::string_view why) {
    return fail(hal::Errc::camera_not_found, fmt::format("{}: {}", source, why));
}

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
            out = readPicture(file);
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
        if (isPictureName(it->path().filename().string())) files.push_back(it->path().string());
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

// Every path `pattern` (a glob) matches that names a picture, sorted by name; empty when none does.
std::vector<std::string> globSorted(const std::string& pattern) {
    std::vector<std::string> out;
    glob_t found{};
    if (::glob(pattern.c_str(), 0, nullptr, &found) == 0) {
        for (std::size_t i = 0; i < found.gl_pathc; ++i) {
            if (isPictureName(found.gl_pathv[i])) out.emplace_back(found.gl_pathv[i]);
        }
    }
    ::globfree(&found);
    std::sort(out.begin(), out.end());  // byte order, whatever the locale's collation
    return out;
}

}  // namespace

Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& source, int width, int height,
                                                       int fps) {
    std::error_code ec;
    if (source.starts_with("/dev/")) {
        if (!fs::exists(source, ec)) return notFound(source, "no such device");
        return openV4l2(source, width, height, fps);
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
    if (!isPictureName(source)) {
        return notFound(source, "not a picture (.png .jpg .jpeg .bmp .ppm .pgm) nor a /dev/ camera");
    }
    return std::make_unique<ImageListSource>(
        [source] {
            std::error_code exists;
            return fs::is_regular_file(source, exists) ? std::vector<std::string>{source}
                                                       : std::vector<std::string>{};
        },
        source);
}

}  // namespace yici::opencv_camera
