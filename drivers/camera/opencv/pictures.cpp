// Picture decoding for the camera driver, with libpng and libjpeg-turbo (no OpenCV imgcodecs: it loads
// GDAL, HDF5 and more into yicid).
#include "pictures.hpp"

#include <png.h>
#include <turbojpeg.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

namespace yici::opencv_camera {
namespace {

bool sizeOk(long width, long height) {
    return width > 0 && height > 0 && width <= max_picture_side && height <= max_picture_side;
}

std::string lowerExtension(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string ext(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return ext;
}

cv::Mat readPng(const std::string& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_file(&image, path.c_str()) == 0) return {};
    if (!sizeOk(image.width, image.height)) {
        png_image_free(&image);
        return {};
    }
    image.format = PNG_FORMAT_BGR;  // alpha, if any, composed over black
    cv::Mat out(static_cast<int>(image.height), static_cast<int>(image.width), CV_8UC3);
    if (png_image_finish_read(&image, nullptr, out.data, static_cast<png_int_32>(out.step), nullptr) == 0) {
        return {};  // finish_read frees the image on failure
    }
    return out;
}

// BMP, PPM and PGM: libjpeg-turbo's own loader (cjpeg's), which tells them apart by their first bytes.
cv::Mat readNetpbmOrBmp(const std::string& path) {
    int width = 0, height = 0, format = TJPF_BGR;
    unsigned char* pixels = tjLoadImage(path.c_str(), &width, 1, &height, &format, 0);
    if (pixels == nullptr) return {};
    cv::Mat out;
    if (sizeOk(width, height)) cv::Mat(height, width, CV_8UC3, pixels).copyTo(out);
    tjFree(pixels);
    return out;
}

}  // namespace

bool isPictureName(std::string_view name) {
    const std::string ext = lowerExtension(name);
    return std::ranges::any_of(
        std::initializer_list<std::string_view>{"png", "jpg", "jpeg", "bmp", "ppm", "pgm"},
        [&](std::string_view known) { return ext == known; });
}

cv::Mat readPicture(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == "png") return readPng(path);
    if (ext == "jpg" || ext == "jpeg") {
        std::ifstream in(path, std::ios::binary);
        const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
        return JpegDecoder().decode(bytes);
    }
    if (ext == "bmp" || ext == "ppm" || ext == "pgm") return readNetpbmOrBmp(path);
    return {};
}

JpegDecoder::JpegDecoder() : handle_(tjInitDecompress(), tjDestroy) {}

cv::Mat JpegDecoder::decode(std::span<const std::uint8_t> jpeg) {
    if (jpeg.empty() || !handle_) return {};
    tjhandle decoder = handle_.get();
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    if (tjDecompressHeader3(decoder, jpeg.data(), jpeg.size(), &width, &height, &subsampling, &colourspace) !=
            0 ||
        !sizeOk(width, height)) {
        return {};
    }
    cv::Mat out(height, width, CV_8UC3);
    if (tjDecompress2(decoder, jpeg.data(), jpeg.size(), out.data, width, static_cast<int>(out.step), height,
                      TJPF_BGR, 0) != 0 &&
        tjGetErrorCode(decoder) != TJERR_WARNING) {
        return {};
    }
    return out;
}

}  // namespace yici::opencv_camera
