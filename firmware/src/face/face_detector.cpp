// Helpers shared by the detectors.
#include "face/face_detector.hpp"

#include <algorithm>
#include <cmath>

namespace yici::face {

int minDetectedFaceSide(int frame_width) {
    return static_cast<int>(std::lround(min_detected_face_width * frame_width));
}

void tidyDetections(std::vector<DetectedFace>& faces, cv::Size frame) {
    const cv::Rect whole(0, 0, frame.width, frame.height);
    const int min_side = minDetectedFaceSide(frame.width);
    // Size before clipping: a face half out of the frame is still a face (the centring gate says so).
    std::erase_if(faces, [min_side](const DetectedFace& face) { return face.box.width < min_side; });
    for (auto& face : faces) face.box &= whole;
    std::erase_if(faces, [](const DetectedFace& face) { return face.box.empty(); });
    std::stable_sort(faces.begin(), faces.end(), [](const DetectedFace& a, const DetectedFace& b) {
        return a.box.area() > b.box.area();
    });
}

}  // namespace yici::face
