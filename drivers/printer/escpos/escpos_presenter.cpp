// The presenter's flow over the printer's link: present, read the mouth, take back a ticket nobody took.
#include "escpos_presenter.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include <charconv>

#include "base/logging.hpp"
#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr auto mouth_status_timeout = 1000ms;
constexpr auto clear_poll = 250ms;
// How long a ticket being taken back may still show in the mouth: the motor's travel, and for a vkp80, which
// times the take itself, the gap between its clock and ours.
constexpr auto clear_timeout = 5s;
constexpr int default_present_mm = 40;
// A vkp80 times the take itself: it is given this much longer than the firmware waits, so that the firmware
// has seen the ticket still there at its own deadline before the printer takes it back (an empty mouth before
// the deadline then always means taken).
constexpr int vkp80_take_margin_s = 2;

YICI_LOG_DEFINE_CATEGORY(presenterLog, "dispenser")

std::optional<int> presentMm(const hal::DriverOptions& options) {
    auto it = options.find("present_mm");
    if (it == options.end()) return default_present_mm;
    int mm = 0;
    const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), mm);
    if (ec != std::errc{} || end != it->second.data() + it->second.size() || mm < 1 || mm > 255)
        return std::nullopt;
    return mm;
}

}  // namespace

std::vector<hal::ConfigProblem> checkPresenterConfig(const hal::DispenserConfig& config) {
    std::vector<hal::ConfigProblem> problems;
    if (config.driver == "none") return problems;
    if (config.driver != "escpos-presenter") {
        problems.push_back({"dispenser.driver", "'" + config.driver +
                                                    "' is not a dispenser of the escpos printer: use "
                                                    "escpos-presenter or none"});
        return problems;
    }
    for (auto& p : hal::unknownOptions(config.options, {"dialect", "present_mm"}))
        problems.push_back({"dispenser." + p.key, p.message});
    auto dialect = config.options.find("dialect");
    if (dialect == config.options.end()) {
        problems.push_back(
            {"dispenser.dialect", "missing required key (gs-e or vkp80: the presenter's commands)"});
    } else if (!presenterDialectFrom(dialect->second)) {
        problems.push_back({"dispenser.dialect", "'" + dialect->second + "' is not gs-e or vkp80"});
    }
    if (!presentMm(config.options))
        problems.push_back({"dispenser.present_mm", "must be a whole number of millimetres from 1 to 255"});
    return problems;
}

EscposPresenter::EscposPresenter(asio::any_io_executor executor, const hal::DispenserConfig& config,
                                 Transport& transport, AsyncMutex& mutex)
    : executor_(std::move(executor)),
      dialect_(presenterDialectFrom(config.options.at("dialect")).value()),
      present_mm_(presentMm(config.options).value()),
      take_timeout_s_(config.take_timeout_s),
      not_taken_(config.retract ? NotTaken::retract : NotTaken::eject),
      transport_(transport),
      mutex_(mutex) {
    health_.set(hal::HealthLevel::absent, hal::Errc::printer_not_connected, transport_.describe());
}

asio::awaitable<Expected<void>> EscposPresenter::present() {
    auto guard = co_await mutex_.lock();
    const int printer_timeout_s =
        take_timeout_s_ + (dialect_ == PresenterDialect::vkp80 ? vkp80_take_margin_s : 0);
    co_return co_await send(presentTicket(dialect_, present_mm_, not_taken_, printer_timeout_s));
}

asio::awaitable<Expected<bool>> EscposPresenter::ticketInMouth() {
    auto guard = co_await mutex_.lock();
    co_return co_await readMouthLocked();
}

asio::awaitable<Expected<bool>> EscposPresenter::readMouthLocked() {
    co_await transport_.discardInput();
    if (auto sent = co_await send(presenterStatusRequest(dialect_)); !sent)
        co_return std::unexpected(sent.error());
    auto reply = co_await transport_.read(presenterReplySize(dialect_), mouth_status_timeout);
    if (!reply) {
        health_.set(hal::HealthLevel::absent, reply.error().code, reply.error().message);
        co_return std::unexpected(reply.error());
    }
    const auto status = decodePresenterStatus(dialect_, *reply);
    if (!status) {
        transport_.close();  // out of step: a fresh connection has no stale bytes
        co_return fault(hal::Errc::dispenser_error, "the presenter's status answer is not one");
    }
    if (status->jam) co_return fault(hal::Errc::dispenser_jam, "a ticket is stuck in the presenter");
    if (status->error && dialect_ == PresenterDialect::gs_e)
        co_return fault(hal::Errc::dispenser_error, "the presenter reports an error");
    // A ticket that would not go back stays a fault until someone takes it out: the next ticket must not be
    // presented behind it.
    stuck_ = stuck_ && (status->ticket_in_mouth || status->moving);
    if (stuck_) co_return fault(hal::Errc::dispenser_error, stuck_detail_);
    if (health_.set(hal::HealthLevel::ok, hal::Errc::ok, {})) presenterLog()->info("presenter ok");
    // A gs-e presenter whose motor still runs has not settled: the ticket counts as still there.
    co_return status->ticket_in_mouth || status->moving;
}

asio::awaitable<Expected<void>> EscposPresenter::clearMouth() {
    if (dialect_ == PresenterDialect::gs_e) {
        auto guard = co_await mutex_.lock();
        const Bytes command = not_taken_ == NotTaken::retract ? retractTicket() : ejectTicket();
        if (auto sent = co_await send(command); !sent) co_return sent;
    }
    // A vkp80 takes the ticket back by itself, a margin after the firmware's deadline: wait for the mouth to
    // empty.
    asio::steady_timer timer(executor_);
    const auto deadline = std::chrono::steady_clock::now() + clear_timeout;
    for (;;) {
        auto in_mouth = co_await ticketInMouth();
        if (!in_mouth) co_return std::unexpected(in_mouth.error());
        if (!*in_mouth) co_return Expected<void>{};
        if (std::chrono::steady_clock::now() >= deadline) break;
        timer.expires_after(clear_poll);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    stuck_ = true;
    stuck_detail_ = fmt::format("the ticket it was told to {} is still in the mouth: take it out",
                                not_taken_ == NotTaken::retract ? "retract" : "eject");
    co_return std::unexpected(fault(hal::Errc::dispenser_error, stuck_detail_).error());
}

asio::awaitable<Expected<void>> EscposPresenter::send(const Bytes& bytes) {
    if (!transport_.isOpen()) {
        auto down =
            Error{hal::Errc::printer_unreachable, "the printer's link is down: " + transport_.describe()};
        health_.set(hal::HealthLevel::absent, down.code, down.message);
        co_return std::unexpected(std::move(down));
    }
    auto sent = co_await transport_.write(bytes);
    if (!sent) health_.set(hal::HealthLevel::absent, sent.error().code, sent.error().message);
    co_return sent;
}

Expected<bool> EscposPresenter::fault(ErrorCode code, std::string detail) {
    if (health_.set(hal::HealthLevel::critical, code, detail))
        presenterLog()->warn("presenter {}: {}", code, detail);
    return fail(code, std::move(detail));
}

}  // namespace yici::escpos
