// yicid's long-running coroutines.
#include "app/background_tasks.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/log.hpp"
#include "base/async.hpp"
#include "base/secure_wipe.hpp"

namespace yici::app {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

}  // namespace

asio::awaitable<void> drainThenStop(asio::io_context& io, const ticket::TicketService& tickets,
                                    hal::Printer* printer) {
    asio::steady_timer timer(io);
    for (int i = 0; i < 100 && tickets.inFlight() > 0; ++i) {
        timer.expires_after(50ms);
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (printer != nullptr) printer->stop();
    io.stop();
}

asio::awaitable<void> decodePhoto(asio::any_io_executor worker, session::PhotoDecoder& decoder,
                                  prereg::Flow& sessions, std::uint64_t serial,
                                  std::vector<std::uint8_t> wlt) {
    auto job = [&decoder, wlt = std::move(wlt)]() mutable {
        auto bmp = decoder.decode(wlt);
        base::secureWipe(wlt);
        return bmp;
    };
    auto bmp = co_await offload(worker, std::move(job));
    if (bmp) sessions.attachPhoto(serial, std::move(*bmp));
}

asio::awaitable<void> watchdogLoop(SystemdNotifier& systemd, std::chrono::microseconds interval) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        systemd.notify("WATCHDOG=1");
        timer.expires_after(interval);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
    }
}

}  // namespace yici::app
