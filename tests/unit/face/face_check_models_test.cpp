// Same person or not, with the ONNX models (no Debian package ships them). The models are looked for in
// YICI_YUNET_MODEL / YICI_SFACE_MODEL, then /usr/share/yici/models/; without them this exits 77, which CTest
// reports as skipped (SKIP_RETURN_CODE), never as passed.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "face/face_check.hpp"
#include "face/face_frames.hpp"

using namespace yici;
using namespace yici::face;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr int skipped_exit_code = 77;
const fs::path model_dir = "/usr/share/yici/models";

fs::path findModel(const char* variable, const char* file) {
    if (const char* set = std::getenv(variable); set != nullptr && *set != '\0') return set;
    return model_dir / file;
}

// Frames of `person` drifting slightly in front of the kiosk until the check ends.
FaceCheckProgress runCheck(FaceCheck& check, const cv::Mat& reference, const testing::FacePhoto& person) {
    check.start(reference);
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 40 && check.progress().stage != FaceCheckProgress::Stage::done; ++i) {
        const auto frame = testing::kioskFrame(person, 0.47 + 0.01 * (i % 7), 0.45, 0.30 + 0.004 * (i % 5));
        if (auto progress = check.onFrame(testing::halFrame(frame, t0 + i * 100ms)); !progress) {
            std::printf("frame %d: %s\n", i, progress.error().message.c_str());
            break;
        }
    }
    return check.progress();
}

bool expect(const char* what, const FaceCheckProgress& progress, MatchResult::Decision wanted) {
    if (!progress.result) {
        std::printf("FAIL %s: the check did not end (last instruction %s)\n", what,
                    progress.instruction ? std::string(progress.instruction->code).c_str() : "none");
        return false;
    }
    const auto& result = *progress.result;
    const bool ok = result.decision == wanted;
    std::printf("%s %s: %s, score %.3f (threshold %.3f)%s%s\n", ok ? "ok  " : "FAIL", what,
                std::string(decisionName(result.decision)).c_str(), result.score, result.threshold,
                result.reason.empty() ? "" : ", reason ", std::string(result.reason).c_str());
    return ok;
}

}  // namespace

int main() {
    const fs::path yunet = findModel("YICI_YUNET_MODEL", "face_detection_yunet_2022mar.onnx");
    const fs::path sface = findModel("YICI_SFACE_MODEL", "face_recognition_sface_2021dec.onnx");
    for (const auto& model : {yunet, sface}) {
        std::error_code ec;
        if (!fs::is_regular_file(model, ec)) {
            std::printf(
                "skipped: %s not found (set YICI_YUNET_MODEL and YICI_SFACE_MODEL, or put the models in %s; "
                "docs/face-check.md)\n",
                model.string().c_str(), model_dir.string().c_str());
            return skipped_exit_code;
        }
    }
    const auto messi = testing::messiPhoto();
    const auto other = testing::secondPersonPhoto();
    for (const auto* photo : {&messi, &other}) {
        if (photo->image.empty()) {
            std::printf("FAIL: %s is missing: %s\n", photo->file.string().c_str(),
                        testing::install_opencv_doc);
            return 1;
        }
    }

    FaceCheckOptions options;
    options.detector_model = yunet;
    options.recognizer_model = sface;
    FaceCheck check(options);
    const auto health = check.health();
    if (!check.canMatch()) {
        std::printf("FAIL: the models are there but cannot match: %s: %s\n",
                    std::string(health.code.name()).c_str(), health.detail.c_str());
        return 1;
    }
    bool ok = true;
    ok &= expect("same person (two crops of messi5)", runCheck(check, testing::idCardPhoto(messi), messi),
                 MatchResult::Decision::match);
    ok &= expect("different people (messi5 live, the second photo as reference)",
                 runCheck(check, testing::idCardPhoto(other), messi), MatchResult::Decision::no_match);
    ok &= expect("different people (the second photo live, messi5 as reference)",
                 runCheck(check, testing::idCardPhoto(messi), other), MatchResult::Decision::no_match);
    std::printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
    return ok ? 0 : 1;
}
