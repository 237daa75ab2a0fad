// ESC/POS printer driver: one coroutine at a time talks to the printer (status polls and jobs take turns).
#include "escpos_printer.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <array>
#include <memory>

#include "base/async.hpp"
#include "base/logging.hpp"
#include "codec.hpp"
#include "escpos_presenter.hpp"
#include "transport.hpp"
#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr auto poll_interval = 1s;
constexpr auto status_timeout = 1000ms;
constexpr auto max_backoff = 10s;

YICI_LOG_DEFINE_CATEGORY(log, "printer")

class EscposPrinter final : public hal::Printer {
  public:
    EscposPrinter(asio::any_io_executor executor, hal::PrinterConfig config,
                  std::unique_ptr<Transport> transport)
        : executor_(executor),
          config_(std::move(config)),
          transport_(std::move(transport)),
          mutex_(executor),
          timer_(executor) {
        if (config_.dispenser.driver == "escpos-presenter")
            presenter_ = std::make_unique<EscposPresenter>(executor, config_.dispenser, *transport_, mutex_);
        health_.set(hal::HealthLevel::absent, hal::Errc::printer_not_connected, transport_->describe());
    }

    ~EscposPrinter() override { stop(); }

    void start() override {
        running_ = std::make_shared<bool>(true);
        asio::co_spawn(executor_, pollLoop(running_), asio::detached);
    }

    // Ends polling and closes the connection, so every pending printer operation completes (with an
    // error) and no coroutine is left holding the printer.
    void stop() override {
        if (running_) *running_ = false;
        timer_.cancel();
        transport_->close();
    }

    asio::awaitable<Expected<void>> printTicket(const hal::Raster& ticket) override {
        auto guard = co_await mutex_.lock();
        if (auto ready = co_await ensureOpen(); !ready) co_return std::unexpected(ready.error());
        if (auto before = co_await refreshStatus(); !before) co_return std::unexpected(before.error());
        if (!health_.get().usable()) co_return fail(health_.get().code, health_.get().detail);

        Bytes job = init();
        const Bytes image = raster(ticket);
        job.insert(job.end(), image.begin(), image.end());
        const Bytes tail = feed(hal::ticket_feed_rows / 24);
        job.insert(job.end(), tail.begin(), tail.end());
        const Bytes cutting = cut(true);
        job.insert(job.end(), cutting.begin(), cutting.end());
        const Bytes ack = paperStatusRequest();
        job.insert(job.end(), ack.begin(), ack.end());
        if (auto sent = co_await transport_->write(job); !sent) {
            markUnreachable(sent.error());
            co_return std::unexpected(sent.error());
        }
        // The answer to GS r comes once the cut is done: from then on the ticket is in the citizen's hand,
        // whatever the printer says next (paper that ran out right after the cut does not undo it). Allow the
        // time the paper takes to come out.
        const auto printing_time = status_timeout + std::chrono::milliseconds(2 * ticket.height);
        auto acked = co_await transport_->read(1, printing_time);
        const bool cut_done = acked && isPaperStatusByte(acked->front());
        auto after = co_await ensureOpen();
        if (after) after = co_await refreshStatus();
        if (cut_done) {
            if (!health_.get().usable())
                log()->warn("the ticket was cut, then the printer went {}", health_.get().code);
            co_return Expected<void>{};
        }
        // No acknowledgement. A printer that reports a fault stopped in the middle of the ticket; one that
        // says nothing, or says it is fine, leaves the outcome open: the whole ticket went out, so it is most
        // likely in the citizen's hand.
        if (after && health_.get().level == hal::HealthLevel::critical)
            co_return fail(health_.get().code, health_.get().detail);
        co_return fail(
            hal::Errc::printer_unconfirmed,
            "the whole ticket was sent, cut included, but the printer did not confirm the cut: " +
                (acked ? std::string("its answer was not a paper status") : acked.error().message));
    }

    hal::Health health() const override { return health_.get(); }

    hal::TicketDispenser* dispenser() override { return presenter_.get(); }

  private:
    asio::awaitable<void> pollLoop(std::shared_ptr<bool> running) {
        auto backoff = poll_interval;
        while (*running) {
            {
                auto guard = co_await mutex_.lock();
                if (!*running) break;
                auto ok = co_await ensureOpen();
                if (ok) ok = co_await refreshStatus();
                // Its health, at idle too; with the link down it is absent at once.
                if (presenter_ && (ok || !transport_->isOpen())) co_await presenter_->readMouthLocked();
                backoff =
                    ok ? poll_interval
                       : std::min(backoff * 2, std::chrono::duration_cast<std::chrono::seconds>(max_backoff));
            }
            boost::system::error_code ec;
            timer_.expires_after(backoff);
            co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    asio::awaitable<Expected<void>> ensureOpen() {
        if (transport_->isOpen()) co_return Expected<void>{};
        auto opened = co_await transport_->open();
        if (!opened) {
            markUnreachable(opened.error());
            co_return opened;
        }
        log()->info("connected to printer at {}", transport_->describe());
        co_return Expected<void>{};
    }

    // Asks DLE EOT 1..4 and updates health from the answers.
    asio::awaitable<Expected<void>> refreshStatus(std::chrono::milliseconds timeout = status_timeout) {
        co_await transport_->discardInput();
        Bytes query;
        for (std::uint8_t n = 1; n <= 4; ++n) {
            const Bytes one = statusRequest(n);
            query.insert(query.end(), one.begin(), one.end());
        }
        if (auto sent = co_await transport_->write(query); !sent) {
            markUnreachable(sent.error());
            co_return std::unexpected(sent.error());
        }
        auto reply = co_await transport_->read(4, timeout);
        if (!reply) {
            markUnreachable(reply.error());
            co_return std::unexpected(reply.error());
        }
        auto status = decodeStatus(std::span<const std::uint8_t, 4>(reply->data(), 4));
        if (!status) {
            transport_->close();  // resynchronise: a fresh connection has no stale bytes
            auto error = Error{hal::Errc::printer_protocol_error, "status reply is not ESC/POS status bytes"};
            setHealth(hal::HealthLevel::critical, error.code, error.message);
            co_return std::unexpected(error);
        }
        auto verdict = classify(*status);
        setHealth(verdict.level, verdict.code, verdict.detail);
        co_return Expected<void>{};
    }

    void markUnreachable(const Error& error) {
        const bool gone =
            error.code == hal::Errc::printer_unreachable || error.code == hal::Errc::printer_disconnected;
        const auto level = gone ? hal::HealthLevel::absent : hal::HealthLevel::critical;
        setHealth(level, error.code, error.message);
    }

    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail) {
        if (health_.set(level, code, detail)) {
            if (level == hal::HealthLevel::ok) {
                log()->info("printer ok");
            } else {
                log()->warn("printer {}: {} ({})", hal::levelName(level), code, detail);
            }
        }
    }

    asio::any_io_executor executor_;
    hal::PrinterConfig config_;
    std::unique_ptr<Transport> transport_;
    AsyncMutex mutex_;
    asio::steady_timer timer_;
    hal::HealthTracker health_;
    std::shared_ptr<bool> running_;
    std::unique_ptr<EscposPresenter> presenter_;  // the board's [dispenser], on this printer's link
};

std::vector<hal::ConfigProblem> checkConfig(const hal::PrinterConfig& config) {
    auto problems = hal::unknownOptions(config.options, {});
    for (auto& problem : checkPresenterConfig(config.dispenser)) problems.push_back(std::move(problem));
    if (config.uri.empty()) {
        problems.push_back({"uri", "missing required key (escpos needs a tcp://, file:// or usb:// uri)"});
    } else if (auto uri = hal::parsePrinterUri(config.uri); !uri) {
        problems.push_back({"uri", uri.error().message});
    }
    return problems;
}

}  // namespace

void registerDriver(hal::DriverRegistry<hal::Printer, hal::PrinterConfig>& registry) {
    registry.add(
        "escpos",
        [](asio::any_io_executor executor,
           const hal::PrinterConfig& config) -> Expected<std::unique_ptr<hal::Printer>> {
            auto uri = hal::parsePrinterUri(config.uri);
            if (!uri) return std::unexpected(uri.error());
            std::unique_ptr<Transport> transport;
            switch (uri->scheme) {
                case hal::PrinterUri::Scheme::tcp:
                    transport = makeTcpTransport(executor, *uri);
                    break;
                case hal::PrinterUri::Scheme::file:
                    transport = makeCharDeviceTransport(executor, *uri);
                    break;
                case hal::PrinterUri::Scheme::usb:
                    transport = makeUsbTransport(executor, *uri);
                    break;
            }
            return std::make_unique<EscposPrinter>(executor, config, std::move(transport));
        },
        checkConfig);
}

}  // namespace yici::escpos
