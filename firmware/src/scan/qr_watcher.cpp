// Frames to the scanner on the worker, what it read back on the Asio thread.
#include "scan/qr_watcher.hpp"

#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/json/object.hpp>

#include <utility>

#include "base/secure_wipe.hpp"
#include "scan/internal/log.hpp"
#include "scan/internal/scanned_code.hpp"

namespace yici::scan {

namespace asio = boost::asio;
namespace json = boost::json;

QrWatcher::QrWatcher(asio::any_io_executor executor, std::string queue_url, session::SessionEvents& events)
    : executor_(std::move(executor)), queue_url_(std::move(queue_url)), events_(events) {}

QrWatcher::~QrWatcher() {
    worker_.join();  // the worker's jobs use scanner_
    *alive_ = false;
}

void QrWatcher::onFrame(hal::Frame frame) {
    if (stopped_ || busy_ || frame.at - last_scan_ < qr_interval) {  // not searched: zeroed now
        base::secureWipe(frame.bgr);
        return;
    }
    busy_ = true;
    last_scan_ = frame.at;
    // The Asio side keeps work pending until the result is back (an io_context run to completion waits).
    auto back = asio::prefer(executor_, asio::execution::outstanding_work.tracked);
    auto job = [this, alive = alive_, back, frame = std::move(frame)]() mutable {
        std::vector<std::string> texts = scanner_.decode(frame);
        const auto at = frame.at;
        base::secureWipe(frame.bgr);
        asio::post(back, [this, alive, texts = std::move(texts), at] {
            if (*alive) scanned(texts, at);
        });
    };
    asio::post(worker_, std::move(job));
}

void QrWatcher::scanned(const std::vector<std::string>& texts, std::chrono::steady_clock::time_point at) {
    busy_ = false;
    for (const std::string& text : texts) {
        // A code held up to the camera is seen in frame after frame: it counts once until it goes away.
        const bool again = text == last_text_ && at - last_seen_ < qr_repeat;
        last_text_ = text;
        last_seen_ = at;
        if (again) continue;
        const ScannedCode code = readScannedCode(text, queue_url_);
        log()->info("QR code: {}", kindName(code.kind));  // never its text
        switch (code.kind) {
            case ScannedCode::Kind::ticket:
                events_.publish("qr", json::object{{"kind", "ticket"}, {"number", code.ticket_number}});
                break;
            case ScannedCode::Kind::appointment:
                events_.publish("qr", json::object{{"kind", "appointment"}, {"code", code.appointment_code}});
                break;
            case ScannedCode::Kind::unknown:
                break;
        }
    }
}

}  // namespace yici::scan
