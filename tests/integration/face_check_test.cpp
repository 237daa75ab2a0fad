// The face check (人证核验) and QR scanning end to end: yici-devsim's virtual camera shows picture files,
// yicid checks the face at the pre-registration's face step and reads QR codes the rest of the time, and the
// screen hears about it on its event stream.
#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <fstream>
#include <thread>
#include <utility>
#include <vector>

#include "citizen_flow.hpp"
#include "face/face_frames.hpp"
#include "harness.hpp"
#include "printed_ticket.hpp"

using namespace yici;
using namespace std::chrono_literals;
using itest::parseObject;
namespace json = boost::json;

namespace {

// The bench with its camera showing `scene`, and yicid reading it at 640x480, 10 frames a second.
void startWithCamera(itest::Bench& bench, const std::filesystem::path& scene) {
    bench.startDevsim();
    REQUIRE(bench.ctl("camera show " + scene.string()) == 0);
    std::ofstream(bench.board, std::ios::app)
        << "[camera]\ndriver = \"opencv\"\nsource = \"" << (bench.camera_dir / "current" / "*.png").string()
        << "\"\nwidth = 640\nheight = 480\nfps = 10\n";
    bench.startYicid();
}

std::filesystem::path writeFrame(itest::Bench& bench, const std::string& name, const cv::Mat& frame) {
    const auto file = bench.dir / name;
    REQUIRE(cv::imwrite(file.string(), frame));
    return file;
}

// The face step ended and staff will verify.
const std::string staff_verify_event = "event: face_done\ndata: {\"decision\":\"unavailable\"}";

std::string flowStep(itest::Bench& bench) {
    return std::string(itest::session(bench).at("flow").at("step").as_string());
}

}  // namespace

TEST_CASE(
    "face step: a still picture is asked to blink or turn, a moving face passes the gates and, with no "
    "recognizer model, goes on with staff to verify; the preview shows only during the step") {
    const testing::FacePhoto person = testing::messiPhoto();
    REQUIRE_MESSAGE(!person.image.empty(), person.file.string() << ": " << testing::install_opencv_doc);
    itest::Bench bench;
    const auto still = writeFrame(bench, "still.png", testing::kioskFrame(person, 0.50, 0.45, 0.30));
    std::string moving;
    for (int i = 0; i < 4; ++i) {
        const double cx = 0.46 + 0.03 * i;
        moving += " " + writeFrame(bench, "moving-" + std::to_string(i) + ".png",
                                   testing::kioskFrame(person, cx, 0.45, 0.30 + 0.01 * (i % 2)))
                            .string();
    }
    startWithCamera(bench, still);
    itest::EventStream events(bench.ui_port);
    CHECK(itest::httpRequest(bench.ui_port, "GET", "/api/v1/camera/preview.mjpg").status == 409);

    itest::tap(bench, "resident");
    const auto chosen = itest::post(bench, "/api/v1/session/service", R"({"service_id":"ca-marriage"})");
    REQUIRE_MESSAGE(chosen.status == 200, chosen.body);
    CHECK(parseObject(chosen.body).at("flow").at("step") == "face");

    // The screen's preview: small JPEGs, one after another, while the step lasts.
    itest::EventStream preview(bench.ui_port, "/api/v1/camera/preview.mjpg");
    CHECK(preview.waitFor("\r\nContent-Type: image/jpeg\r\n", 5s));
    CHECK(preview.text().find("multipart/x-mixed-replace; boundary=yiciframe") != std::string::npos);
    CHECK(preview.text().find("\xff\xd8\xff") != std::string::npos);  // a JPEG's first bytes

    // A photo held still: the face is found and boxed, but liveness asks for a blink or a turn.
    CHECK(events.waitFor(R"("code":"face_checking")", 5s));
    CHECK(events.waitFor(R"("box":{"x":)", 1s));
    CHECK(events.waitFor(
        "event: face\ndata: {\"code\":\"face_no_live_change\",\"message_zh\":\"请眨眨眼或轻轻转头\"", 10s));
    CHECK(flowStep(bench) == "face");
    CHECK(events.text().find("face_done") == std::string::npos);

    // Someone who moves: the gates and liveness pass; without an SFace model staff verify.
    REQUIRE(bench.ctl("camera show" + moving) == 0);
    CHECK(events.waitFor(R"("code":"face_check_unavailable")", 10s));
    CHECK(events.waitFor(staff_verify_event, 2s));
    CHECK(flowStep(bench) == "materials");
    CHECK(itest::session(bench).at("flow").at("face").at("decision") == "unavailable");
    CHECK(preview.waitFor("--yiciframe--\r\n", 3s));  // the preview ends with the step
    CHECK(itest::httpRequest(bench.ui_port, "GET", "/api/v1/camera/preview.mjpg").status == 409);

    // The decision goes into the registration (never a picture).
    REQUIRE(itest::post(bench, "/api/v1/session/materials", R"({"have":["id_card"]})").status == 200);
    REQUIRE(itest::post(bench, "/api/v1/session/details", R"({"mobile":"13912345678"})").status == 200);
    const auto registered = itest::post(bench, "/api/v1/registrations");
    REQUIRE_MESSAGE(registered.status == 201, registered.body);
    const auto body = parseObject(registered.body);
    CHECK(body.at("registration").at("face_check") == "unavailable");

    // Frames and previews stay in memory: nothing but the database and the key in the data dir.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(bench.data_dir)) {
        const auto ext = entry.path().extension();
        CHECK_MESSAGE(ext != ".jpg", entry.path());
        CHECK_MESSAGE(ext != ".png", entry.path());
    }

    // Back at the start, the camera reads QR codes: the ticket just printed, held up, names itself.
    auto printed = bench.printedTickets();
    for (int i = 0; i < 100 && printed.empty(); ++i) {  // the bench writes the PNG after the printer's answer
        std::this_thread::sleep_for(50ms);
        printed = bench.printedTickets();
    }
    REQUIRE_FALSE(printed.empty());
    // Held up as a citizen holds it: its QR code, the lower part of the paper, fills the camera's view.
    const cv::Mat ticket = cv::imread(printed.back().string(), cv::IMREAD_GRAYSCALE);
    const std::filesystem::path held = bench.dir / "held-up.png";
    REQUIRE(cv::imwrite(held.string(), ticket.rowRange(ticket.rows / 2, ticket.rows)));
    REQUIRE(bench.ctl("camera show " + held.string()) == 0);
    const std::string number(body.at("ticket").at("number").as_string());
    CHECK(events.waitFor("event: qr\ndata: {\"kind\":\"ticket\",\"number\":\"" + number + "\"}", 5s));
}

TEST_CASE(
    "a corrupt model file is a warning on /health and the cascade stands in; a citizen may ask for staff") {
    itest::Bench bench;
    const auto nobody =
        writeFrame(bench, "nobody.png", cv::Mat(480, 640, CV_8UC3, cv::Scalar(120, 130, 140)));
    const auto corrupt = bench.dir / "face_detection_yunet_2022mar.onnx";
    std::ofstream(corrupt) << "not an ONNX model";
    std::ofstream(bench.board, std::ios::app) << "[face]\ndetector_model = \"" << corrupt.string() << "\"\n";
    startWithCamera(bench, nobody);
    const std::string health = bench.health().body;
    CHECK(health.find(R"("face":{"health":"warning","code":"face_model_unusable")") != std::string::npos);
    CHECK(health.find(corrupt.filename().string()) != std::string::npos);

    itest::EventStream events(bench.ui_port);
    itest::tap(bench, "resident");
    REQUIRE(itest::post(bench, "/api/v1/session/service", R"({"service_id":"ca-marriage"})").status == 200);
    CHECK(events.waitFor(R"("code":"face_not_found","message_zh":"请正对屏幕")", 5s));
    const auto skipped = itest::post(bench, "/api/v1/session/face/skip");
    REQUIRE_MESSAGE(skipped.status == 200, skipped.body);
    CHECK(parseObject(skipped.body).at("flow").at("step") == "materials");
    CHECK(parseObject(skipped.body).at("flow").at("face").at("decision") == "skipped");
    CHECK(itest::post(bench, "/api/v1/session/face/skip").status == 409);  // once
}

TEST_CASE("without a working camera the face step hands the citizen to staff at once") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();  // no [camera]
    itest::EventStream events(bench.ui_port);
    itest::tap(bench, "resident");
    REQUIRE(itest::post(bench, "/api/v1/session/service", R"({"service_id":"ca-marriage"})").status == 200);
    CHECK(events.waitFor(R"("code":"face_check_unavailable")", 3s));
    CHECK(events.waitFor(staff_verify_event, 3s));
    CHECK(flowStep(bench) == "materials");
}

TEST_CASE("the simulator's face scenes: one passes, each of the others fails its own gate") {
    itest::Bench bench;
    bench.startDevsim();
    REQUIRE(bench.ctl("camera scene still") == 0);
    std::ofstream(bench.board, std::ios::app)
        << "[camera]\ndriver = \"opencv\"\nsource = \"" << (bench.camera_dir / "current" / "*.png").string()
        << "\"\nwidth = 640\nheight = 480\nfps = 10\n";
    bench.startYicid();
    CHECK(bench.ctl("camera scene nowhere") != 0);  // an unknown scene is refused, naming the others
    for (const auto& [scene, code] : std::vector<std::pair<std::string, std::string>>{
             {"still", "face_no_live_change"},
             {"small", "face_too_small"},
             {"aside", "face_not_central"},
             {"dark", "face_too_dark"},
             {"bright", "face_too_bright"},
             {"blurry", "face_not_sharp"},
             {"nobody", "face_not_found"},
             {"two", "face_multiple"},
             {"pass", "face_check_unavailable"}}) {  // every gate passed; without SFace staff verify
        CAPTURE(scene);
        REQUIRE(bench.ctl("camera scene " + scene) == 0);
        itest::EventStream events(bench.ui_port);
        REQUIRE(events.waitFor("text/event-stream"));
        itest::tap(bench, "resident");
        REQUIRE(itest::post(bench, "/api/v1/session/service", R"({"service_id":"ca-marriage"})").status ==
                200);
        CHECK(events.waitFor("\"code\":\"" + code + "\"", 10s));
        CHECK(itest::httpRequest(bench.ui_port, "DELETE", "/api/v1/session").status == 204);
        REQUIRE(bench.ctl("card remove") == 0);
        CHECK(events.waitFor("event: card_removed"));
    }
}
