// Kiosk-like 640x480 test frames made from the photos in Debian's opencv-doc (tools/setup installs it): a
// face placed where a test wants it, scaled to a share of the frame width. No test photo is kept in the repo.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <opencv2/core/mat.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "yici/hal/camera.hpp"

namespace yici::testing {

inline const std::filesystem::path opencv_doc_dir = "/usr/share/doc/opencv-doc";
inline constexpr const char* install_opencv_doc = "install Debian's opencv-doc (tools/setup does)";

struct FacePhoto {
    std::filesystem::path file;
    cv::Mat image;       // empty when the file is missing
    cv::Point2d centre;  // of the face, in the photo's pixels
    double face_width;   // whole face (forehead to chin box), in the photo's pixels
};

// A footballer seen at a slight angle; his face is only 40 px wide, so enlarged frames are soft.
inline FacePhoto messiPhoto() {
    const auto file = opencv_doc_dir / "examples/data/messi5.jpg";
    return {file, cv::imread(file.string()), {245, 113}, 40};
}

// A sharp frontal portrait from the OpenCV tutorials, standing in for lena.jpg as a second person (Debian's
// opencv-doc has no lena.jpg: it is not in the dfsg source).
inline FacePhoto secondPersonPhoto() {
    const auto file = opencv_doc_dir / "opencv4/html/face_swapped.jpg";
    return {file, cv::imread(file.string()), {156, 136}, 146};
}

inline constexpr int frame_width = 640;
inline constexpr int frame_height = 480;

// `photo` moved and scaled so that its face is centred at (cx, cy) (shares of the frame) and `width` of the
// frame width wide; the photo's edge pixels fill the rest.
inline cv::Mat kioskFrame(const FacePhoto& photo, double cx, double cy, double width) {
    const double scale = width * frame_width / photo.face_width;
    const cv::Mat move = (cv::Mat_<double>(2, 3) << scale, 0, cx * frame_width - photo.centre.x * scale, 0,
                          scale, cy * frame_height - photo.centre.y * scale);
    cv::Mat frame;
    cv::warpAffine(photo.image, frame, move, cv::Size(frame_width, frame_height),
                   scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return frame;
}

// Two people side by side: each frame's middle half.
inline cv::Mat sideBySide(const cv::Mat& left, const cv::Mat& right) {
    cv::Mat frame(frame_height, frame_width, CV_8UC3);
    const cv::Rect middle(frame_width / 4, 0, frame_width / 2, frame_height);
    left(middle).copyTo(frame(cv::Rect(0, 0, frame_width / 2, frame_height)));
    right(middle).copyTo(frame(cv::Rect(frame_width / 2, 0, frame_width / 2, frame_height)));
    return frame;
}

// An ID-card-like photo of the person: head and shoulders, 102x126 like the card's.
inline cv::Mat idCardPhoto(const FacePhoto& photo) {
    const double w = photo.face_width * 1.5;
    const double h = w * 126 / 102;
    const cv::Rect crop =
        cv::Rect(static_cast<int>(photo.centre.x - w / 2), static_cast<int>(photo.centre.y - h * 0.45),
                 static_cast<int>(w), static_cast<int>(h)) &
        cv::Rect(0, 0, photo.image.cols, photo.image.rows);
    cv::Mat card;
    cv::resize(photo.image(crop), card, cv::Size(102, 126), 0, 0, cv::INTER_AREA);
    return card;
}

inline hal::Frame halFrame(const cv::Mat& bgr, std::chrono::steady_clock::time_point at) {
    hal::Frame frame;
    frame.width = bgr.cols;
    frame.height = bgr.rows;
    const cv::Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
    frame.bgr.assign(continuous.datastart, continuous.dataend);
    frame.at = at;
    return frame;
}

}  // namespace yici::testing
