// Where the opencv camera driver's pictures come from: a V4L2 device, a video file, or a folder or glob of
// images. Used from the capture thread only; every call may block.
#pragma once

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
    // The most frames a second worth reading (a video's own rate); 0: as many as the driver wants.
    virtual double maxFps() const { return 0; }
    // `keep` false: the picture is taken off the device and dropped without decoding (live sources).
    virtual Read read(cv::Mat& out, bool keep) = 0;
};

// Opens what `source` names, checked in this order: a path under /dev/ (V4L2), a pattern with * ? or [
// (glob of images), a folder (its images), an image file (.png .jpg .jpeg .bmp .ppm .pgm .webp .tif .tiff),
// anything else as a video file. `fps` is what the driver delivers: a video plays in real time at that
// rate, a camera is asked for it and for width x height. Fails with camera_not_found when it is not there.
Expected<std::unique_ptr<FrameSource>> openFrameSource(const std::string& source, int width, int height,
                                                       int fps);

// Every path `pattern` (a glob) matches, sorted by name; empty when none does.
std::vector<std::string> globSorted(const std::string& pattern);

// True for the file names the image sources pick up (by extension, any case).
bool isImageName(std::string_view name);

}  // namespace yici::opencv_camera
