// Face detection bench: milliseconds per 640x480 frame through the face check (frame to progress: detection,
// quality gates, liveness), beside the same detector called directly in a minimal loop of OpenCV calls, and
// our overhead as a ratio. Targets: >= 15 frames/s with the cascade on two cores, overhead < 10 %.
//   build/release/bench/face_detect [FRAMES]     (YuNet too when YICI_YUNET_MODEL or /usr/share/yici/models
//   has it)
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "face/cascade_detector.hpp"
#include "face/face_check.hpp"
#include "face/face_frames.hpp"
#include "face/yunet_detector.hpp"

namespace {

using namespace yici;
using namespace yici::face;
using Steady = std::chrono::steady_clock;

constexpr double target_fps = 15;
constexpr double max_overhead = 0.10;

struct Stats {
    double mean = 0;
    double p50 = 0;
    double p99 = 0;
};

Stats statsOf(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const auto at = [&ms](double q) {
        return ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))];
    };
    return {std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size()), at(0.50), at(0.99)};
}

double msSince(Steady::time_point t0) {
    return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

// The same person drifting and leaning in and out: 30 distinct frames, as the camera would give them.
std::vector<hal::Frame> benchFrames(const testing::FacePhoto& person) {
    std::vector<hal::Frame> frames;
    for (int i = 0; i < 30; ++i)
        frames.push_back(testing::halFrame(
            testing::kioskFrame(person, 0.44 + 0.004 * i, 0.42 + 0.002 * (i % 10), 0.24 + 0.005 * (i % 12)),
            {}));
    return frames;
}

cv::Mat view(const hal::Frame& frame) {
    return cv::Mat(frame.height, frame.width, CV_8UC3, const_cast<std::uint8_t*>(frame.bgr.data()));
}

// Ours and direct both run on every frame, so a busy machine slows both alike.
// Frames are stamped 66 ms apart (15 a second), as the camera would.
void compare(const char* name, int count, std::vector<hal::Frame>& frames,
             const std::function<void(const hal::Frame&)>& ours,
             const std::function<void(const cv::Mat&)>& direct, bool check_fps) {
    auto at = Steady::now();
    const auto next = [&frames, &at](int i) -> const hal::Frame& {
        auto& frame = frames[static_cast<std::size_t>(i) % frames.size()];
        frame.at = at += std::chrono::milliseconds(66);
        return frame;
    };
    for (int i = 0; i < 10; ++i) {  // warm-up: allocations, OpenCV's thread pool
        const auto& frame = next(i);
        ours(frame);
        direct(view(frame));
    }
    std::vector<double> ours_ms;
    std::vector<double> direct_ms;
    for (int i = 0; i < count; ++i) {
        const auto& frame = next(i);
        const auto time_ours = [&] {
            const auto t0 = Steady::now();
            ours(frame);
            ours_ms.push_back(msSince(t0));
        };
        const auto time_direct = [&] {
            const auto t0 = Steady::now();
            direct(view(frame));
            direct_ms.push_back(msSince(t0));
        };
        // Whoever goes second finds the frame in the cache: take turns at that too.
        if (i % 2 == 0) {
            time_ours();
            time_direct();
        } else {
            time_direct();
            time_ours();
        }
    }
    const Stats o = statsOf(ours_ms);
    const Stats d = statsOf(direct_ms);
    const double overhead = o.mean / d.mean - 1;
    std::printf("%s, %d frames of 640x480\n", name, count);
    std::printf("  face check (ours):  p50 %6.2f ms  p99 %6.2f ms  mean %6.2f ms  = %5.1f frames/s\n", o.p50,
                o.p99, o.mean, 1000 / o.mean);
    std::printf("  OpenCV direct:      p50 %6.2f ms  p99 %6.2f ms  mean %6.2f ms  = %5.1f frames/s\n", d.p50,
                d.p99, d.mean, 1000 / d.mean);
    std::printf("  overhead: %.3fx (%+.1f %%, p50 %+.1f %%)\n", o.mean / d.mean, 100 * overhead,
                100 * (o.p50 / d.p50 - 1));
    if (check_fps)
        std::printf("  target >= %.0f frames/s: %s\n", target_fps,
                    1000 / o.mean >= target_fps ? "met" : "NOT met");
    std::printf("  target overhead < %.0f %%: %s\n", 100 * max_overhead,
                overhead < max_overhead ? "met" : "NOT met");
}

// The face check on every frame; a finished check starts again, as the next citizen's would.
std::function<void(const hal::Frame&)> throughFaceCheck(FaceCheck& check) {
    check.start(cv::Mat());
    return [&check](const hal::Frame& frame) {
        if (!check.onFrame(frame)) std::printf("frame failed\n");
        if (check.progress().stage == FaceCheckProgress::Stage::done) check.start(cv::Mat());
    };
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "?" : one;
}

}  // namespace

int main(int argc, char** argv) {
    int count = 300;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), count);
    count = std::max(count, 10);
    const auto person = testing::messiPhoto();
    if (person.image.empty()) {
        std::printf("%s is missing: %s\n", person.file.string().c_str(), testing::install_opencv_doc);
        return 1;
    }
    auto frames = benchFrames(person);
    std::printf(
        "cores %u, OpenCV threads %d, load average %s (other work on the machine slows both columns)\n",
        std::thread::hardware_concurrency(), cv::getNumThreads(), loadAverage().c_str());

    // The cascade: ours against cvtColor + equalizeHist + detectMultiScale with the same file and parameters.
    FaceCheck cascade_check(FaceCheckOptions{});
    const auto cascade = findFrontalFaceCascade(debian_cascade_dir);
    if (!cascade) {
        std::printf("%s\n", cascade.error().message.c_str());
        return 1;
    }
    cv::CascadeClassifier classifier(cascade->file.string());
    const cv::Size min_size = cascadeMinSize(*cascade, testing::frame_width);
    std::printf("cascade %s: scaleFactor %.2f, minNeighbors %d, minSize %dx%d\n", cascade->file.c_str(),
                cascade_scale_factor, cascade_min_neighbors, min_size.width, min_size.height);
    cv::Mat grey;
    std::vector<cv::Rect> found;
    std::size_t direct_found = 0;
    compare(
        "cascade", count, frames, throughFaceCheck(cascade_check),
        [&](const cv::Mat& bgr) {
            cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
            cv::equalizeHist(grey, grey);
            classifier.detectMultiScale(grey, found, cascade_scale_factor, cascade_min_neighbors, 0,
                                        min_size);
            direct_found += found.empty() ? 0 : 1;
        },
        true);
    std::printf("  frames with a face found (direct): %zu of %d\n", direct_found, count + 10);

    // YuNet, when a model is on this machine: ours against resize + FaceDetectorYN::detect.
    const char* set = std::getenv("YICI_YUNET_MODEL");
    const std::filesystem::path yunet_model =
        set != nullptr && *set != '\0' ? std::filesystem::path(set)
                                       : "/usr/share/yici/models/face_detection_yunet_2022mar.onnx";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(yunet_model, ec)) {
        std::printf("yunet: skipped, %s not found (YICI_YUNET_MODEL)\n", yunet_model.c_str());
        return 0;
    }
    FaceCheckOptions options;
    options.detector_model = yunet_model;
    FaceCheck yunet_check(options);
    if (yunet_check.detectorName() != "yunet") {
        std::printf("yunet: %s\n", yunet_check.health().detail.c_str());
        return 1;
    }
    const cv::Size input(yunet_input_width, yunet_input_width * testing::frame_height / testing::frame_width);
    auto net = cv::FaceDetectorYN::create(yunet_model.string(), "", input, yunet_score_threshold,
                                          yunet_nms_threshold, yunet_top_k);
    cv::Mat small;
    cv::Mat faces;
    compare(
        "yunet", count, frames, throughFaceCheck(yunet_check),
        [&](const cv::Mat& bgr) {
            cv::resize(bgr, small, input, 0, 0, cv::INTER_AREA);
            net->detect(small, faces);
        },
        false);
    return 0;
}
