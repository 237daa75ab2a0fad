// Liveness over a sliding window of frames: box movement, or pixel change inside the current face box.
#include "face/liveness.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace yici::face {

namespace {

cv::Mat normalised(const cv::Mat& grey) {
    cv::Mat out;
    grey.convertTo(out, CV_32F);
    cv::Scalar mean;
    cv::Scalar deviation;
    cv::meanStdDev(out, mean, deviation);
    if (deviation[0] < 1e-3) return {};
    out = (out - mean[0]) / deviation[0];
    return out;
}

void forget(cv::Mat& image) {
    if (!image.empty()) image.setTo(0);
    image.release();
}

}  // namespace

double maxCellChange(const cv::Mat& a, const cv::Mat& b, int grid_side) {
    if (a.size() != b.size() || a.cols < grid_side || a.rows < grid_side) return 0;
    const cv::Mat na = normalised(a);
    const cv::Mat nb = normalised(b);
    if (na.empty() || nb.empty()) return 0;
    cv::Mat difference;
    cv::absdiff(na, nb, difference);
    double most = 0;
    for (int gy = 0; gy < grid_side; ++gy) {
        for (int gx = 0; gx < grid_side; ++gx) {
            const cv::Rect cell(gx * a.cols / grid_side, gy * a.rows / grid_side, a.cols / grid_side,
                                a.rows / grid_side);
            most = std::max(most, cv::mean(difference(cell))[0]);
        }
    }
    return most;
}

bool LivenessCheck::changed(const Sample& earlier, const Sample& now) const {
    const double dx = (now.box.x + now.box.width / 2.0) - (earlier.box.x + earlier.box.width / 2.0);
    const double dy = (now.box.y + now.box.height / 2.0) - (earlier.box.y + earlier.box.height / 2.0);
    if (std::hypot(dx, dy) >= min_centre_shift * now.frame_width) return true;
    if (std::abs(now.box.width - earlier.box.width) >= min_width_change * earlier.box.width) return true;
    if (earlier.small.size() != now.small.size()) return false;
    // The same region of both frames (the current box), so detector jitter on a still photo is no change.
    const cv::Rect region =
        cv::Rect(now.box.x / change_image_shrink, now.box.y / change_image_shrink,
                 now.box.width / change_image_shrink, now.box.height / change_image_shrink) &
        cv::Rect(0, 0, now.small.cols, now.small.rows);
    if (region.empty()) return false;
    return maxCellChange(earlier.small(region), now.small(region), change_grid_side) >= min_cell_change;
}

LivenessCheck::State LivenessCheck::add(Clock::time_point at, const cv::Mat& bgr, const cv::Rect& box) {
    if (state_ == State::passed) return state_;
    Sample sample{at, box, bgr.cols, {}};
    const cv::Size small_size(std::max(1, bgr.cols / change_image_shrink),
                              std::max(1, bgr.rows / change_image_shrink));
    cv::Mat grey;  // grey first: a third of the pixels to shrink
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
    cv::resize(grey, sample.small, small_size, 0, 0, cv::INTER_AREA);
    forget(grey);

    while (!samples_.empty() && at - samples_.front().at > liveness_window) {
        forget(samples_.front().small);
        samples_.pop_front();
    }
    if (frames_ == 0) first_at_ = at;
    ++frames_;
    // Against the oldest frame in the window (slow drift) and the previous one (a sudden blink or turn):
    // enough to see any change that lasts a frame, at two comparisons a frame.
    const bool change =
        !samples_.empty() && (changed(samples_.front(), sample) || changed(samples_.back(), sample));
    samples_.push_back(std::move(sample));
    if (change && frames_ >= liveness_min_frames) {
        state_ = State::passed;
        forgetSamples();
    } else if (!change && at - first_at_ >= liveness_window) {
        state_ = State::no_change;
    }
    return state_;
}

void LivenessCheck::forgetSamples() {
    for (auto& sample : samples_) forget(sample.small);
    samples_.clear();
}

void LivenessCheck::reset() {
    forgetSamples();
    frames_ = 0;
    first_at_ = {};
    state_ = State::collecting;
}

}  // namespace yici::face
