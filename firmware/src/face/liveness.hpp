// Basic liveness: a live face changes over a few seconds (it moves a little, it blinks); a printed photo held
// perfectly still does not. This is not anti-spoofing: a photo moved by hand or a video replay passes
// (docs/face-check.md).
#pragma once

#include <chrono>
#include <deque>

#include <opencv2/core/mat.hpp>

namespace yici::face {

// How long a face may stay unchanged before the citizen is asked to blink or turn their head: people blink
// every 2-4 s and never hold their head still for long.
inline constexpr std::chrono::milliseconds liveness_window{3000};
// Frames (that passed the quality gates) needed before a decision.
inline constexpr int liveness_min_frames = 3;
// Box movement that counts as change: the centre moving 2 % of the frame width (13 px at 640), or the width
// changing by 6 %. Detector jitter on a still face stays well below both.
inline constexpr double min_centre_shift = 0.02;
inline constexpr double min_width_change = 0.06;
// Pixel change inside the face box, for a blink without movement: the face region of both frames at
// change_grid_side x change_grid_side cells, brightness and contrast normalised (so auto exposure is not
// change), mean absolute difference of the most changed cell in standard deviations. Sensor noise, averaged
// over a cell of the quarter-size frame, stays under 0.1; an eyelid closing moves its cell by 0.5 and more.
inline constexpr int change_grid_side = 4;
inline constexpr double min_cell_change = 0.3;
// Frames are kept at a quarter of their width for the pixel comparison (and only for the window).
inline constexpr int change_image_shrink = 4;

class LivenessCheck {
  public:
    using Clock = std::chrono::steady_clock;
    enum class State { collecting, passed, no_change };

    // A frame whose single face passed the quality gates; `box` in the frame's pixels.
    State add(Clock::time_point at, const cv::Mat& bgr, const cv::Rect& box);
    // Forgets every frame (another person, or the check ended); the kept images are zeroed.
    void reset();
    State state() const { return state_; }

  private:
    struct Sample {
        Clock::time_point at;
        cv::Rect box;     // pixels of the frame
        int frame_width;  // movement is measured in shares of it
        cv::Mat small;    // grey, 1/change_image_shrink of the frame
    };
    bool changed(const Sample& earlier, const Sample& now) const;
    void forgetSamples();

    std::deque<Sample> samples_;
    Clock::time_point first_at_{};  // first frame since the last change or reset
    int frames_ = 0;
    State state_ = State::collecting;
};

// Largest mean absolute difference of a grid cell between the same region of two grey images, after each is
// normalised to zero mean and unit deviation; 0 for a flat region.
double maxCellChange(const cv::Mat& a, const cv::Mat& b, int grid_side);

}  // namespace yici::face
