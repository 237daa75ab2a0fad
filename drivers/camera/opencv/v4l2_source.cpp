// V4L2 capture with plain ioctls (the capture thread only: every call may block for up to a poll timeout).
#include "v4l2_source.hpp"

#include <fcntl.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <opencv2/imgproc.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <vector>

#include "pictures.hpp"
#include "yici/hal/errors.hpp"

namespace yici::opencv_camera {
namespace {

// How long one read waits for a frame: short enough that a stopping camera joins its thread promptly.
constexpr int poll_timeout_ms = 500;
constexpr unsigned buffer_count = 4;

int xioctl(int fd, unsigned long request, void* arg) {
    int result = 0;
    do {
        result = ::ioctl(fd, request, arg);
    } while (result == -1 && errno == EINTR);
    return result;
}

class V4l2Source final : public FrameSource {
  public:
    ~V4l2Source() override {
        if (streaming_) {
            v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            xioctl(fd_, VIDIOC_STREAMOFF, &type);
        }
        for (const auto& buffer : buffers_) ::munmap(buffer.data(), buffer.size());
        if (fd_ >= 0) ::close(fd_);
    }

    static Expected<std::unique_ptr<FrameSource>> open(const std::string& path, int width, int height,
                                                       int fps) {
        auto source = std::unique_ptr<V4l2Source>(new V4l2Source());
        if (auto started = source->start(path, width, height, fps); !started)
            return std::unexpected(started.error());
        return source;
    }

    bool live() const override { return true; }

    Read read(cv::Mat& out, bool keep) override {
        pollfd ready{fd_, POLLIN, 0};
        const int polled = ::poll(&ready, 1, poll_timeout_ms);
        if (polled == 0 || (polled < 0 && errno == EINTR)) return Read::none;
        if (polled < 0 || (ready.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return Read::lost;
        v4l2_buffer buffer{};
        buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        buffer.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_DQBUF, &buffer) != 0) return errno == EAGAIN ? Read::none : Read::lost;
        Read result = Read::none;
        if (keep && buffer.index < buffers_.size() && (buffer.flags & V4L2_BUF_FLAG_ERROR) == 0) {
            const std::span<const std::uint8_t> bytes = buffers_[buffer.index].first(
                std::min<std::size_t>(buffer.bytesused, buffers_[buffer.index].size()));
            out = convert(bytes);
            if (!out.empty()) result = Read::frame;
        }
        if (xioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return Read::lost;
        return result;
    }

  private:
    V4l2Source() = default;

    Expected<void> start(const std::string& path, int width, int height, int fps) {
        const auto refuse = [&](std::string_view why) {
            return fail(hal::Errc::camera_not_found, fmt::format("{}: {}", path, why));
        };
        fd_ = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) return refuse(std::strerror(errno));
        v4l2_capability caps{};
        if (xioctl(fd_, VIDIOC_QUERYCAP, &caps) != 0) return refuse("not a V4L2 device");
        const std::uint32_t device_caps =
            (caps.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? caps.device_caps : caps.capabilities;
        if ((device_caps & V4L2_CAP_VIDEO_CAPTURE) == 0) return refuse("not a video capture device");
        if ((device_caps & V4L2_CAP_STREAMING) == 0) return refuse("has no streaming I/O");

        const std::uint32_t pixel_format = pickFormat();
        if (pixel_format == 0) return refuse("offers neither MJPEG nor YUYV frames");
        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.width = static_cast<std::uint32_t>(width);
        format.fmt.pix.height = static_cast<std::uint32_t>(height);
        format.fmt.pix.pixelformat = pixel_format;
        format.fmt.pix.field = V4L2_FIELD_ANY;
        if (xioctl(fd_, VIDIOC_S_FMT, &format) != 0) return refuse("refuses MJPEG and YUYV frames");
        format_ = format.fmt.pix;
        if (format_.pixelformat != V4L2_PIX_FMT_MJPEG && format_.pixelformat != V4L2_PIX_FMT_YUYV) {
            return refuse("offers neither MJPEG nor YUYV frames");
        }
        v4l2_streamparm rate{};
        rate.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        rate.parm.capture.timeperframe = {1, static_cast<std::uint32_t>(fps)};
        xioctl(fd_, VIDIOC_S_PARM, &rate);  // a camera without rate control sends at its own

        v4l2_requestbuffers request{};
        request.count = buffer_count;
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        request.memory = V4L2_MEMORY_MMAP;
        if (xioctl(fd_, VIDIOC_REQBUFS, &request) != 0 || request.count == 0) {
            return refuse("has no memory-mapped streaming");
        }
        for (std::uint32_t i = 0; i < request.count; ++i) {
            v4l2_buffer buffer{};
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
            buffer.memory = V4L2_MEMORY_MMAP;
            buffer.index = i;
            if (xioctl(fd_, VIDIOC_QUERYBUF, &buffer) != 0) return refuse("cannot map its buffers");
            void* mapped =
                ::mmap(nullptr, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, buffer.m.offset);
            if (mapped == MAP_FAILED) return refuse("cannot map its buffers");
            buffers_.emplace_back(static_cast<std::uint8_t*>(mapped), buffer.length);
            if (xioctl(fd_, VIDIOC_QBUF, &buffer) != 0) return refuse("cannot queue its buffers");
        }
        v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        if (xioctl(fd_, VIDIOC_STREAMON, &type) != 0) return refuse("does not start streaming");
        streaming_ = true;
        return {};
    }

    // MJPEG if the camera offers it (a smaller transfer for the same picture), else YUYV; 0: neither.
    std::uint32_t pickFormat() const {
        std::uint32_t found = 0;
        v4l2_fmtdesc description{};
        description.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        for (description.index = 0; xioctl(fd_, VIDIOC_ENUM_FMT, &description) == 0; ++description.index) {
            if (description.pixelformat == V4L2_PIX_FMT_MJPEG) return V4L2_PIX_FMT_MJPEG;
            if (description.pixelformat == V4L2_PIX_FMT_YUYV) found = V4L2_PIX_FMT_YUYV;
        }
        return found;
    }

    cv::Mat convert(std::span<const std::uint8_t> bytes) {
        if (format_.pixelformat == V4L2_PIX_FMT_MJPEG) return jpeg_.decode(bytes);
        const auto width = static_cast<int>(format_.width), height = static_cast<int>(format_.height);
        const std::size_t stride = std::max<std::size_t>(format_.bytesperline, format_.width * 2);
        if (width <= 0 || height <= 0 || bytes.size() < stride * static_cast<std::size_t>(height)) return {};
        const cv::Mat yuyv(height, width, CV_8UC2, const_cast<std::uint8_t*>(bytes.data()), stride);
        cv::Mat bgr;
        cv::cvtColor(yuyv, bgr, cv::COLOR_YUV2BGR_YUYV);
        return bgr;
    }

    int fd_ = -1;
    bool streaming_ = false;
    v4l2_pix_format format_{};
    JpegDecoder jpeg_;
    std::vector<std::span<std::uint8_t>> buffers_;
};

}  // namespace

Expected<std::unique_ptr<FrameSource>> openV4l2(const std::string& path, int width, int height, int fps) {
    return V4l2Source::open(path, width, height, fps);
}

}  // namespace yici::opencv_camera
