// BMP in, JPEG out, with libjpeg-turbo. Its BMP reader takes a file name, so the photo goes through a memory
// file (memfd): it never touches a disk.
#include "face/internal/picture_codec.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <turbojpeg.h>

#include <fmt/format.h>

#include <memory>
#include <string>

#include "base/secure_wipe.hpp"

namespace yici::face {

cv::Mat decodeBmp(std::span<const std::uint8_t> bmp) {
    if (bmp.empty()) return {};
    const int fd = ::memfd_create("yici-card-photo", MFD_CLOEXEC);
    if (fd < 0) return {};
    std::size_t written = 0;
    while (written < bmp.size()) {
        const ssize_t n = ::write(fd, bmp.data() + written, bmp.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    cv::Mat photo;
    if (written == bmp.size()) {
        const std::string path = fmt::format("/proc/self/fd/{}", fd);
        int width = 0, height = 0, format = TJPF_BGR;
        if (unsigned char* pixels = tjLoadImage(path.c_str(), &width, 1, &height, &format, 0)) {
            if (width > 0 && height > 0) cv::Mat(height, width, CV_8UC3, pixels).copyTo(photo);
            base::secureWipe(pixels, static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
            tjFree(pixels);
        }
    }
    ::close(fd);
    return photo;
}

std::vector<std::uint8_t> encodeJpeg(const cv::Mat& bgr, int quality) {
    if (bgr.empty() || bgr.type() != CV_8UC3) return {};
    const std::unique_ptr<void, int (*)(tjhandle)> encoder(tjInitCompress(), tjDestroy);
    if (!encoder) return {};
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    std::vector<std::uint8_t> out;
    if (tjCompress2(encoder.get(), bgr.data, bgr.cols, static_cast<int>(bgr.step), bgr.rows, TJPF_BGR, &jpeg,
                    &size, TJSAMP_420, quality, 0) == 0) {
        out.assign(jpeg, jpeg + size);
    }
    if (jpeg != nullptr) {
        base::secureWipe(jpeg, size);
        tjFree(jpeg);
    }
    return out;
}

}  // namespace yici::face
