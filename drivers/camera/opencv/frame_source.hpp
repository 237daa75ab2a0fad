// Where the opencv camera driver's pictures come from: a V4L2 device, or a folder or glob of images. Used
// from the capture thread only; every call may block.
#pragma once

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>

#include "base/error.hpp"

namespace yici::opencv_camera {

class FrameSource {
  public:
    enum class Read {
        frame,  // `out` holds a picture
        none,   // nothing this time (an empty folder, a file that vanished): try again at the next frame
        lost,   // the source is gone (unplugged, folder removed): open it again
    };

    virtual ~FrameSource() = default;
    // A live source (a camera) blocks in read() until it has its next picture, so the capture loop reads it
    // at its own pace and drops what comes early; the others are read when a frame is due.
    virtual bool live() const = 0;
    // `keep` false: the picture is taken off the device and dropped without decoding (live sources).
    virtual Read read(cv::Mat& out, bool keep) = 0;
};

// Opens what `source` names, checked in this order: a path under /dev/ (V4L2), a pattern with * ? or [
// (glob of images), a folder (its images), an image file (.png .jpg .jpeg .bmp .ppm .pgm). A camera is asked
// for width x height at `fps`. Fails with camera_not_found when it is not there or is none of these.
Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& source, int width, int height,
                                                       int fps);

}  // namespace yici::opencv_camera
