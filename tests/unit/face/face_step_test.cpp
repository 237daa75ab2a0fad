// The face step as the citizen lives it: told what to do, shown a small preview, and one decision at the end,
// or none when they have left the step.
#include <boost/asio/io_context.hpp>

#include "face/face_step.hpp"
#include "face/face_testing.hpp"
#include "fakes/recording_session_events.hpp"
#include "testing.hpp"

namespace yici::face {
namespace {

using namespace std::chrono_literals;

struct StepBench {
    explicit StepBench(FaceCheckOptions options = {}, std::chrono::milliseconds timeout = 30s)
        : step(io.get_executor(), std::move(options), timeout, events,
               {.current = [this](std::uint64_t serial) { return current && serial == 7; },
                .decided = [this](std::uint64_t serial,
                                  const StepDecision& d) { decisions.emplace_back(serial, d.decision); },
                .preview = [this](std::shared_ptr<const std::string> jpeg) { previews.push_back(jpeg); },
                .photo =
                    [this] {
                        ++photo_reads;
                        return std::vector<std::uint8_t>{};
                    }}) {}

    // A frame at t0 + `after`, checked to the end: its result is the one handler that comes back.
    void show(const cv::Mat& bgr, std::chrono::milliseconds after) {
        step.onFrame(testing::halFrame(bgr, t0 + after));
        REQUIRE(io.run_one() == 1);
    }
    std::vector<std::string> faceCodes() const {
        std::vector<std::string> codes;
        for (const auto& [name, data] : events.events)
            if (name == "face") codes.emplace_back(data.at("code").as_string());
        return codes;
    }

    boost::asio::io_context io;
    testing::RecordingSessionEvents events;
    bool current = true;
    std::vector<std::pair<std::uint64_t, std::string>> decisions;
    std::vector<std::shared_ptr<const std::string>> previews;
    int photo_reads = 0;
    FaceStep step;
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::time_point{} + 1h;
};

const cv::Mat nobody(480, 640, CV_8UC3, cv::Scalar::all(128));

}  // namespace

TEST_CASE("without a face detector the step ends at once as unavailable, and the screen says staff verify") {
    testing::TempDir empty;
    FaceCheckOptions options;
    options.cascade_dir = empty.path();
    StepBench b(options);
    CHECK(b.step.health().level == hal::HealthLevel::critical);
    b.step.begin(7, true);
    b.io.run();
    CHECK(b.faceCodes() == std::vector<std::string>{"face_check_unavailable"});
    CHECK(b.decisions == std::vector<std::pair<std::uint64_t, std::string>>{{7, "unavailable"}});
    REQUIRE(b.previews.size() == 1);
    CHECK(b.previews[0] == nullptr);  // the preview ends with the step
}

TEST_CASE("without a working camera the step ends at once as unavailable") {
    StepBench b;
    b.step.begin(7, false);
    b.io.run();
    CHECK(b.decisions == std::vector<std::pair<std::uint64_t, std::string>>{{7, "unavailable"}});
}

TEST_CASE(
    "a citizen who left before the camera's absence was told ends the step, with no decision and no photo") {
    StepBench b;
    b.step.begin(7, false);
    b.current = false;  // the card lifted at once
    b.io.run();
    CHECK(b.decisions.empty());
    CHECK(b.faceCodes().empty());
    CHECK(b.step.serial() == 0);  // ended: no step left waiting for frames that never come
    CHECK(b.photo_reads == 0);
}

TEST_CASE("a step with no decision in time ends as timed_out: staff verify") {
    StepBench b({}, 1ms);
    b.step.begin(7, true);
    b.io.run();
    CHECK(b.faceCodes() == std::vector<std::string>{"face_timed_out"});
    CHECK(b.decisions == std::vector<std::pair<std::uint64_t, std::string>>{{7, "timed_out"}});
}

TEST_CASE("a citizen who left the step is decided nothing and told nothing") {
    StepBench b({}, 1ms);
    b.step.begin(7, true);
    b.current = false;  // went back, or the session ended
    b.io.run();
    CHECK(b.decisions.empty());
    CHECK(b.faceCodes().empty());
    CHECK(b.step.serial() == 0);
}

TEST_CASE(
    "frames with nobody in them: the screen asks the citizen to look, with a preview at most 10 times "
    "a second") {
    StepBench b;
    b.step.begin(7, true);
    CHECK(b.photo_reads == 0);  // the card photo is read with the first frame
    b.show(nobody, 0ms);
    CHECK(b.photo_reads == 1);
    CHECK(b.faceCodes() == std::vector<std::string>{"face_not_found"});
    REQUIRE(b.previews.size() == 1);
    REQUIRE(b.previews[0] != nullptr);
    CHECK(b.previews[0]->starts_with("\xFF\xD8"));  // a JPEG
    b.show(nobody, 50ms);  // too soon for another preview or the same instruction again
    CHECK(b.previews.size() == 1);
    CHECK(b.faceCodes().size() == 1);
    b.show(nobody, 150ms);
    CHECK(b.photo_reads == 1);
    CHECK(b.previews.size() == 2);
    CHECK(b.faceCodes().size() == 2);
    b.step.cancel();
    b.io.run();
    CHECK(b.decisions.empty());
    CHECK(b.previews.back() == nullptr);
}

}  // namespace yici::face
