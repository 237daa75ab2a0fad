// SAM reader driver: find → select → read on a timer, one read per card placement, reconnect with back-off.
// Personal data never reaches a log line: only status names, counts and the device path are logged.
#include "sam_serial_reader.hpp"

#include <termios.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "base/logging.hpp"
#include "base/secure_wipe.hpp"
#include "codec.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/usb_tty.hpp"

namespace yici::sam {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

YICI_LOG_DEFINE_CATEGORY(log, "idcard")

std::string localToday() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&now, &tm);
    return fmt::format("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

enum class Outcome { reply, timeout, lost };

// The line speed from the reader's "baud" option (115200 when it is not set); nullopt for a speed the SAM
// modules do not use.
std::optional<unsigned> baudOf(const hal::IdReaderConfig& config) {
    const auto it = config.options.find("baud");
    if (it == config.options.end()) return 115200U;
    for (const unsigned speed : {9600U, 19200U, 38400U, 57600U, 115200U}) {
        if (it->second == std::to_string(speed)) return speed;
    }
    return std::nullopt;
}

class SamSerialReader final : public hal::IdCardReader {
  public:
    SamSerialReader(asio::any_io_executor executor, hal::IdReaderConfig config, unsigned baud)
        : executor_(executor),
          config_(std::move(config)),
          usb_id_(hal::parseUsbTtyId(config_.device)),
          baud_(baud),
          port_(executor),
          timer_(executor) {
        health_.set(hal::HealthLevel::absent, hal::Errc::id_reader_not_connected, config_.device);
    }
    ~SamSerialReader() override { stop(); }

    void start(Listener listener) override {
        listener_ = std::move(listener);
        running_ = std::make_shared<bool>(true);
        asio::co_spawn(executor_, pollLoop(running_), asio::detached);
    }

    void stop() override {
        if (running_) *running_ = false;
        timer_.cancel();
        boost::system::error_code ec;
        port_.close(ec);
    }

    hal::Health health() const override { return health_.get(); }
    Counters counters() const override {
        return {faults_.reads_ok,
                faults_.reads_failed,
                {{"garbage_bytes", faults_.garbage_bytes},
                 {"bad_checksum", faults_.bad_checksum},
                 {"bad_length", faults_.bad_length},
                 {"unknown_status", faults_.unknown_status},
                 {"wrong_reply", faults_.wrong_reply},
                 {"timeout", faults_.timeouts}}};
    }

  private:
    asio::awaitable<void> pollLoop(std::shared_ptr<bool> running) {
        auto backoff = 500ms;
        while (*running) {
            auto wait = std::chrono::milliseconds(config_.poll_interval_ms);
            if (!port_.is_open() && !open()) {
                wait = backoff;
                backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
            } else {
                backoff = 500ms;
                co_await pollOnce();
            }
            if (!*running) break;
            boost::system::error_code ec;
            timer_.expires_after(wait);
            co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
    }

    bool open() {
        // A bridge named by its USB id is looked up again at each attempt: after an unplug the kernel may
        // give it another /dev/ttyUSBn.
        const std::string path = usb_id_ ? hal::findUsbTty(*usb_id_) : config_.device;
        if (path.empty()) {
            setHealth(hal::HealthLevel::absent, hal::Errc::id_reader_unreachable,
                      fmt::format("{}: no such USB serial bridge is plugged in", config_.device));
            return false;
        }
        where_ = usb_id_ ? fmt::format("{} ({})", path, config_.device) : path;
        boost::system::error_code ec;
        port_.open(path, ec);
        if (!ec) port_.set_option(asio::serial_port::baud_rate(baud_), ec);
        if (!ec) port_.set_option(asio::serial_port::character_size(8), ec);
        if (!ec) port_.set_option(asio::serial_port::parity(asio::serial_port::parity::none), ec);
        if (!ec) port_.set_option(asio::serial_port::stop_bits(asio::serial_port::stop_bits::one), ec);
        if (!ec) port_.set_option(asio::serial_port::flow_control(asio::serial_port::flow_control::none), ec);
        if (ec) {
            boost::system::error_code ignored;
            port_.close(ignored);
            setHealth(hal::HealthLevel::absent, hal::Errc::id_reader_unreachable,
                      fmt::format("{}: {}", where_, ec.message()));
            return false;
        }
        parser_.clear();
        log()->info("ID-card reader open on {} at {} baud", where_, baud_);
        return true;
    }

    void lost(std::string_view why) {
        boost::system::error_code ignored;
        port_.close(ignored);
        if (present_) {
            present_ = false;
            if (listener_.card_removed) listener_.card_removed();
        }
        setHealth(hal::HealthLevel::absent, hal::Errc::id_reader_unreachable,
                  fmt::format("{}: {}", where_, why));
    }

    // One command, one reply frame; garbage and broken frames on the way are counted and skipped. The
    // protocol has no sequence numbers, so whatever is on the line before the command is stale (a late reply
    // to a timed-out command, or one the previous yicid never read) and is dropped: read, it would pair
    // every later command with the reply to the one before.
    asio::awaitable<std::pair<Outcome, Reply>> command(Command cmd) {
        ::tcflush(port_.native_handle(), TCIFLUSH);
        parser_.clear();
        const Bytes frame = request(cmd);
        boost::system::error_code ec;
        co_await asio::async_write(port_, asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return std::pair{Outcome::lost, Reply{}};
        const auto deadline = Clock::now() + std::chrono::milliseconds(config_.command_timeout_ms);
        std::uint8_t chunk[2048];
        for (;;) {
            while (auto event = parser_.next()) {
                switch (event->kind) {
                    case ReplyParser::Event::Kind::frame:
                        co_return std::pair{Outcome::reply, std::move(event->reply)};
                    case ReplyParser::Event::Kind::garbage:
                        faults_.garbage_bytes += event->skipped;
                        break;
                    case ReplyParser::Event::Kind::bad_checksum:
                        ++faults_.bad_checksum;
                        break;
                    case ReplyParser::Event::Kind::bad_length:
                        ++faults_.bad_length;
                        break;
                }
            }
            if (Clock::now() >= deadline) break;
            asio::steady_timer timeout(executor_, deadline);
            std::size_t n = 0;
            auto got = co_await (
                port_.async_read_some(asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec)) ||
                timeout.async_wait(asio::use_awaitable));
            if (got.index() == 1) break;
            n = std::get<0>(got);
            if (ec) co_return std::pair{Outcome::lost, Reply{}};
            parser_.feed({chunk, n});
            base::secureWipe(chunk, n);  // the card's bytes live on only in the parser, which wipes them
        }
        ++faults_.timeouts;
        parser_.clear();  // whatever arrives late belongs to this command: drop it
        co_return std::pair{Outcome::timeout, Reply{}};
    }

    asio::awaitable<void> pollOnce() {
        const auto started = Clock::now();
        auto [outcome, found] = co_await command(Command::find_card);
        if (!settle(outcome)) co_return;
        if (found.sw3 == sw3::no_card) {
            if (present_) {
                present_ = false;
                if (listener_.card_removed) listener_.card_removed();
            }
            co_return;
        }
        if (found.sw3 != sw3::card_found || found.data.size() > 8) {
            countOdd(found, "find");
            co_return;
        }
        if (present_) co_return;  // the same card is still there: read once per placement
        auto [selected_outcome, selected] = co_await command(Command::select_card);
        if (!settle(selected_outcome)) co_return;
        if (selected.sw3 != sw3::success) {
            cardError(selected, hal::Errc::card_select_failed);
            co_return;
        }
        auto [read_outcome, read] = co_await command(Command::read_text_photo);
        if (!settle(read_outcome)) co_return;
        auto data = read.sw3 == sw3::success ? splitReadData(read.data) : std::nullopt;
        base::secureWipe(read.data);
        if (!data) {
            cardError(read, read.sw3 == 0x40 ? hal::Errc::wrong_card : hal::Errc::card_read_failed);
            co_return;
        }
        hal::IdCard card = decodeCard(*data, localToday());
        for (Bytes* part : {&data->text, &data->photo, &data->fingerprint}) base::secureWipe(*part);
        present_ = true;
        ++faults_.reads_ok;
        const auto took = Clock::now() - started;
        if (listener_.card_present) listener_.card_present(card, took);  // the citizen first, the log after
        hal::wipe(card);                                                 // the listener keeps its own copy
        log()->info("card read ({} ms)", std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
    }

    // Health from how a command went; false when the poll cannot go on.
    bool settle(Outcome outcome) {
        if (outcome == Outcome::lost) {
            lost("read or write failed (unplugged?)");
            return false;
        }
        if (outcome == Outcome::timeout) {
            setHealth(hal::HealthLevel::critical, hal::Errc::id_reader_timeout,
                      fmt::format("no reply within {} ms", config_.command_timeout_ms));
            return false;
        }
        setHealth(hal::HealthLevel::ok, hal::Errc::ok, "");
        return true;
    }

    void countOdd(const Reply& reply, std::string_view during) {
        if (statusName(reply.sw3) == "unknown_status") {
            ++faults_.unknown_status;
        } else {
            ++faults_.wrong_reply;
        }
        log()->warn("unexpected reply to {}: status {} with {} data bytes; resynchronising", during,
                    statusName(reply.sw3), reply.data.size());
        parser_.clear();
    }

    void cardError(const Reply& reply, ErrorCode code) {
        ++faults_.reads_failed;
        log()->warn("card could not be read: {} ({})", code, statusName(reply.sw3));
        if (listener_.card_error) listener_.card_error(code);
    }

    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail) {
        if (health_.set(level, code, detail)) {
            if (level == hal::HealthLevel::ok) {
                log()->info("ID-card reader ok");
            } else {
                log()->warn("ID-card reader {}: {} ({})", hal::levelName(level), code, detail);
            }
        }
    }

    asio::any_io_executor executor_;
    hal::IdReaderConfig config_;
    std::optional<hal::UsbTtyId> usb_id_;  // device = "usb:VID:PID"
    std::string where_;                    // the tty opened last, for the log and /health
    unsigned baud_;
    asio::serial_port port_;
    asio::steady_timer timer_;
    ReplyParser parser_;
    Listener listener_;
    hal::HealthTracker health_;
    struct {
        std::uint64_t reads_ok = 0, reads_failed = 0;
        std::uint64_t garbage_bytes = 0, bad_checksum = 0, bad_length = 0, unknown_status = 0,
                      wrong_reply = 0, timeouts = 0;
    } faults_;
    bool present_ = false;
    std::shared_ptr<bool> running_;
};

std::vector<hal::ConfigProblem> checkConfig(const hal::IdReaderConfig& config) {
    auto problems = hal::unknownOptions(config.options, {"baud"});
    if (config.device.empty()) {
        problems.push_back({"device", "missing required key (sam-serial needs a serial device)"});
    } else if (config.device.starts_with("usb:") && !hal::parseUsbTtyId(config.device)) {
        problems.push_back(
            {"device", "usb:VID:PID takes 4 hex digits each, as `yicictl devices` shows them"});
    }
    if (!baudOf(config)) problems.push_back({"baud", "must be 9600, 19200, 38400, 57600 or 115200"});
    return problems;
}

}  // namespace

void registerDriver(hal::DriverRegistry<hal::IdCardReader, hal::IdReaderConfig>& registry) {
    registry.add(
        "sam-serial",
        [](asio::any_io_executor executor,
           const hal::IdReaderConfig& config) -> Expected<std::unique_ptr<hal::IdCardReader>> {
            return std::make_unique<SamSerialReader>(executor, config, *baudOf(config));  // checked
        },
        checkConfig);
}

}  // namespace yici::sam
