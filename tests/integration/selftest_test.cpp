// yicictl selftest against the virtual bench: every device and the hall link are exercised by the running
// yicid, and a fault shows as the failing line with its reason and a non-zero exit.
#include <doctest/doctest.h>

#include <csignal>

#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <iterator>
#include <thread>

#include "harness.hpp"

using namespace yici;
using namespace std::chrono_literals;

namespace {

struct Run {
    int exit = -1;
    std::string out;
};

Run selftest(itest::Bench& bench, const std::string& name) {
    const auto log = bench.dir / (name + ".log");
    itest::Process ctl(
        {itest::paths().yicictl, "selftest", "http://127.0.0.1:" + std::to_string(bench.status_port)}, log);
    Run run;
    run.exit = ctl.wait(60s);
    std::ifstream in(log);
    run.out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return run;
}

// Waits until the kiosk's /health shows `needle` (its devices are polled about once a second).
bool healthShows(itest::Bench& bench, const std::string& needle) {
    for (int i = 0; i < 60; ++i) {
        if (bench.health().body.find(needle) != std::string::npos) return true;
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

bool hasLine(const std::string& out, const std::string& start) {
    return out.find("\n" + start) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "yicictl selftest passes on a healthy bench and names what fails: paper out, reader unplugged, hall "
    "down") {
    itest::Bench bench;
    bench.startDevsim();
    bench.startHallSim();
    const auto picture = bench.dir / "visitor.png";
    REQUIRE(cv::imwrite(picture.string(), cv::Mat(480, 640, CV_8UC3, cv::Scalar(90, 120, 150))));
    REQUIRE(bench.ctl("camera show " + picture.string()) == 0);
    std::ofstream(bench.board, std::ios::app)
        << "[camera]\ndriver = \"opencv\"\nsource = \"" << (bench.camera_dir / "current" / "*.png").string()
        << "\"\nfps = 10\n";
    bench.startYicid();

    const Run good = selftest(bench, "good");
    CHECK_MESSAGE(good.exit == 0, good.out);
    for (const char* line :
         {"printer      pass   A test ticket was printed and cut.", "id_reader    pass", "camera       pass",
          "privacy_key  pass", "hall_link    pass", "clock        pass"})
        CHECK_MESSAGE(hasLine(good.out, line), line << " in\n" << good.out);
    CHECK(bench.printedTickets().size() == 1);  // the test ticket
    // Each run prints a ticket: the next one is refused for a minute (a restart of yicid allows one).
    const Run again = selftest(bench, "again");
    CHECK(again.exit != 0);
    CHECK_MESSAGE(again.out.find("selftest_too_soon") != std::string::npos, again.out);
    CHECK(bench.printedTickets().size() == 1);

    bench.stopYicid(SIGTERM);
    bench.startYicid();
    REQUIRE(bench.ctl("paper out") == 0);
    REQUIRE(healthShows(bench, R"("printer":{"health":"critical")"));
    const Run paper = selftest(bench, "paper-out");
    CHECK(paper.exit == 1);
    CHECK_MESSAGE(hasLine(paper.out, "printer      FAIL   printer_out_of_paper"), paper.out);
    CHECK(hasLine(paper.out, "id_reader    pass"));
    REQUIRE(bench.ctl("paper ok") == 0);

    bench.stopYicid(SIGTERM);
    bench.startYicid();
    REQUIRE(bench.ctl("reader unplug") == 0);
    REQUIRE(bench.hallMode("error") == 200);
    REQUIRE(healthShows(bench, R"("printer":{"health":"ok")"));
    REQUIRE(healthShows(bench, R"("id_reader":{"health":"absent")"));
    const Run unplugged = selftest(bench, "unplugged");
    CHECK(unplugged.exit == 1);
    CHECK_MESSAGE(hasLine(unplugged.out, "id_reader    FAIL   It is absent (id_reader_unreachable)"),
                  unplugged.out);
    CHECK_MESSAGE(hasLine(unplugged.out, "hall_link    FAIL   The hall server answered HTTP 500."),
                  unplugged.out);
    CHECK(hasLine(unplugged.out, "printer      pass"));
}
