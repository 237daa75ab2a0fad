// QR codes held up to the camera, as the screen hears of them: each code once while it stays in view, a few
// scans a second at most, and only the codes this kiosk uses.
#include <boost/asio/io_context.hpp>

#include "fakes/recording_session_events.hpp"
#include "scan/qr_frames.hpp"
#include "scan/qr_watcher.hpp"
#include "testing.hpp"
#include "ticket/ticket_layout.hpp"

namespace yici::scan {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view queue_url = "https://hall.example.cn/q";

struct WatcherBench {
    boost::asio::io_context io;
    testing::RecordingSessionEvents events;
    QrWatcher watcher{io.get_executor(), std::string(queue_url), events};
    std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::time_point{} + 1h;

    // The frame shown at t0 + `after`, scanned to the end.
    void show(hal::Frame frame, std::chrono::milliseconds after) {
        frame.at = t0 + after;
        watcher.onFrame(std::move(frame));
        io.restart();
        io.run();
    }
};

hal::Frame ticketFrame() {
    auto url = ticket::ticketQrUrl(queue_url, "k01", "t-123", "B042", "");
    REQUIRE(url);
    return testing::frameWithQr(*url);
}

hal::Frame blankFrame() {
    return hal::Frame{640, 480, std::vector<std::uint8_t>(640 * 480 * 3, 170), {}};
}

}  // namespace

TEST_CASE(
    "a ticket of this hall held up to the camera is told once while it stays, and again after 5 s away") {
    WatcherBench b;
    b.show(ticketFrame(), 0ms);
    REQUIRE(b.events.names() == std::vector<std::string>{"qr"});
    CHECK(b.events.events[0].second == boost::json::object{{"kind", "ticket"}, {"number", "B042"}});
    b.show(ticketFrame(), 1000ms);  // still held up
    b.show(ticketFrame(), 4000ms);
    CHECK(b.events.events.size() == 1);
    b.show(ticketFrame(), 9500ms);  // put away for more than qr_repeat, then shown again
    CHECK(b.events.events.size() == 2);
}

TEST_CASE("frames closer than 333 ms to the last scan are not scanned") {
    WatcherBench b;
    b.show(blankFrame(), 0ms);
    b.show(ticketFrame(), 200ms);  // skipped: the camera's 30 fps are not all searched
    CHECK(b.events.events.empty());
    b.show(ticketFrame(), 400ms);
    CHECK(b.events.names() == std::vector<std::string>{"qr"});
}

TEST_CASE("an appointment code is told as one; another site's QR is not told at all") {
    WatcherBench b;
    b.show(testing::frameWithQr("https://shop.example.com/?n=A001"), 0ms);
    CHECK(b.events.events.empty());
    b.show(testing::frameWithQr("YY2026AB01"), 1000ms);
    REQUIRE(b.events.events.size() == 1);
    CHECK(b.events.events[0].second == boost::json::object{{"kind", "appointment"}, {"code", "YY2026AB01"}});
}

TEST_CASE("a stopped watcher scans nothing") {
    WatcherBench b;
    b.watcher.stop();
    b.show(ticketFrame(), 0ms);
    CHECK(b.events.events.empty());
}

}  // namespace yici::scan
