// Face scenes: a photo's face moved and scaled into a kiosk-sized frame, then darkened, brightened, blurred
// or doubled for the gate it is to fail.
#include "face_scenes.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fmt/format.h>

namespace yici::devsim {
namespace {

constexpr int scene_width = 640;
constexpr int scene_height = 480;

struct Photo {
    const char* file;
    cv::Point2d face;   // the face's centre in the photo
    double face_width;  // in the photo's pixels
};

// A footballer (a 40 px face) and a frontal portrait, both in opencv-doc.
const Photo person{"/usr/share/doc/opencv-doc/examples/data/messi5.jpg", {245, 113}, 40};
const Photo other{"/usr/share/doc/opencv-doc/opencv4/html/face_swapped.jpg", {156, 136}, 146};

// The photo with its face centred at (cx, cy), shares of the frame, and `share` of the frame wide.
cv::Mat placed(const cv::Mat& image, const Photo& photo, double cx, double cy, double share) {
    const double scale = share * scene_width / photo.face_width;
    const cv::Mat move = (cv::Mat_<double>(2, 3) << scale, 0, cx * scene_width - photo.face.x * scale, 0,
                          scale, cy * scene_height - photo.face.y * scale);
    cv::Mat frame;
    cv::warpAffine(image, frame, move, cv::Size(scene_width, scene_height), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    return frame;
}

}  // namespace

FaceScene faceScene(std::string_view name) {
    const cv::Mat image = cv::imread(person.file, cv::IMREAD_COLOR);
    if (image.empty()) return {{}, fmt::format("{} is missing: install Debian's opencv-doc", person.file)};
    const cv::Mat centred = placed(image, person, 0.50, 0.45, 0.30);
    cv::Mat frame;
    if (name == "pass") {
        std::vector<cv::Mat> frames;
        frames.reserve(4);
        for (int i = 0; i < 4; ++i)
            frames.push_back(placed(image, person, 0.46 + 0.03 * i, 0.45, 0.30 + 0.01 * (i % 2)));
        return {frames, {}};
    }
    if (name == "still") return {{centred}, {}};
    if (name == "small") {
        // The sharp portrait: a small face the detector still finds.
        const cv::Mat portrait = cv::imread(other.file, cv::IMREAD_COLOR);
        if (portrait.empty())
            return {{}, fmt::format("{} is missing: install Debian's opencv-doc", other.file)};
        return {{placed(portrait, other, 0.50, 0.45, 0.15)}, {}};
    }
    if (name == "aside") return {{placed(image, person, 0.15, 0.45, 0.30)}, {}};
    if (name == "dark") {
        centred.convertTo(frame, -1, 0.2, 0);
        return {{frame}, {}};
    }
    if (name == "bright") {
        centred.convertTo(frame, -1, 0.6, 160);
        return {{frame}, {}};
    }
    if (name == "blurry") {
        cv::GaussianBlur(centred, frame, cv::Size(0, 0), 6);
        return {{frame}, {}};
    }
    if (name == "nobody")
        return {{cv::Mat(scene_height, scene_width, CV_8UC3, cv::Scalar(180, 180, 180))}, {}};
    if (name == "two") {
        const cv::Mat second = cv::imread(other.file, cv::IMREAD_COLOR);
        if (second.empty())
            return {{}, fmt::format("{} is missing: install Debian's opencv-doc", other.file)};
        frame = cv::Mat(scene_height, scene_width, CV_8UC3);
        const cv::Rect middle(scene_width / 4, 0, scene_width / 2, scene_height);
        placed(image, person, 0.50, 0.45, 0.30)(middle).copyTo(
            frame(cv::Rect(0, 0, scene_width / 2, scene_height)));
        placed(second, other, 0.50, 0.45, 0.30)(middle).copyTo(
            frame(cv::Rect(scene_width / 2, 0, scene_width / 2, scene_height)));
        return {{frame}, {}};
    }
    return {{}, fmt::format("no scene '{}': {}", name, face_scene_help)};
}

}  // namespace yici::devsim
