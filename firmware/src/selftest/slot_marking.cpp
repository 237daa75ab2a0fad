// Marking the booted RAUC slot good or bad from the self-test's verdict after an update.
#include "selftest/slot_marking.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/async.hpp"
#include "base/command.hpp"
#include "base/logging.hpp"

namespace yici::selftest {
namespace {
YICI_LOG_DEFINE_CATEGORY(logSlots, "selftest")
}  // namespace

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
    auto rauc = [verdict] { return base::runCommand({"rauc", "status", verdict}); };
    const int exit = co_await offload(worker, std::move(rauc));
    auto& logger = logSlots();
    if (exit != 0) {
        logger->error("rauc status {} failed (exit {}): the slot keeps its state", verdict, exit);
    } else if (report.passed) {
        logger->info("self-test passed: rauc marked this slot good");
    } else {
        logger->error(
            "self-test failed: rauc marked this slot bad; the next boot falls back to the other slot");
    }
}

}  // namespace yici::selftest
