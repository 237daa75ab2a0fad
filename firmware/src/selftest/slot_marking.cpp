#include "selftest/slot_marking.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/command.hpp"
#include "app/logging.hpp"
#include "yici/hal/async.hpp"

namespace yici::selftest {

boost::asio::awaitable<void> markSlot(boost::asio::any_io_executor worker, const Targets& targets,
                                      std::chrono::seconds delay) {
    namespace asio = boost::asio;
    asio::steady_timer timer(co_await asio::this_coro::executor);
    timer.expires_after(delay);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const Report report = co_await run(targets);
    const std::string verdict = report.passed ? "mark-good" : "mark-bad";
    auto rauc = [verdict] { return app::runCommand({"rauc", "status", verdict}); };
    const int exit = co_await offload(worker, std::move(rauc));
    auto log = app::logger("yicid");
    if (exit != 0) {
        log->error("rauc status {} failed (exit {}): the slot keeps its state", verdict, exit);
    } else if (report.passed) {
        log->info("self-test passed: rauc marked this slot good");
    } else {
        log->error("self-test failed: rauc marked this slot bad; the next boot falls back to the other slot");
    }
}

}  // namespace yici::selftest
