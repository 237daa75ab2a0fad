// Printers behind a character device (/dev/usb/lp0 from the usblp kernel driver).
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "transport.hpp"
#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

class CharDeviceTransport final : public Transport {
  public:
    CharDeviceTransport(asio::any_io_executor executor, hal::PrinterUri uri)
        : executor_(executor), uri_(std::move(uri)), device_(executor) {}

    asio::awaitable<Expected<void>> open() override {
        close();
        const int fd = ::open(uri_.path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            co_return fail(hal::Errc::printer_unreachable,
                           fmt::format("{}: {}", describe(), std::strerror(errno)));
        device_.assign(fd);
        co_return Expected<void>{};
    }

    asio::awaitable<Expected<void>> write(std::span<const std::uint8_t> bytes) override {
        boost::system::error_code ec;
        asio::steady_timer timer(executor_, write_timeout);
        auto result = co_await (asio::async_write(device_, asio::buffer(bytes.data(), bytes.size()),
                                                  asio::redirect_error(asio::use_awaitable, ec)) ||
                                timer.async_wait(asio::use_awaitable));
        if (result.index() == 1) co_return lost("write timed out");
        if (ec) co_return lost(ec.message());
        co_return Expected<void>{};
    }

    asio::awaitable<Expected<Bytes>> read(std::size_t n, std::chrono::milliseconds timeout) override {
        Bytes out(n);
        boost::system::error_code ec;
        asio::steady_timer timer(executor_, timeout);
        auto result = co_await (
            asio::async_read(device_, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec)) ||
            timer.async_wait(asio::use_awaitable));
        if (result.index() == 1) {
            co_return fail(hal::Errc::printer_timeout,
                           fmt::format("{}: no status reply within {} ms", describe(), timeout.count()));
        }
        if (ec) co_return lost(ec.message());
        co_return out;
    }

    asio::awaitable<void> discardInput() override {
        std::uint8_t sink[256];
        boost::system::error_code ec;
        device_.non_blocking(true, ec);
        while (!ec && device_.read_some(asio::buffer(sink), ec) > 0) {
        }
        co_return;
    }

    void close() override {
        boost::system::error_code ec;
        device_.close(ec);
    }

    bool isOpen() const override { return device_.is_open(); }
    std::string describe() const override { return "device " + uri_.path; }

  private:
    std::unexpected<Error> lost(const std::string& why) {
        close();
        return fail(hal::Errc::printer_unreachable, fmt::format("{}: {}", describe(), why));
    }

    asio::any_io_executor executor_;
    hal::PrinterUri uri_;
    asio::posix::stream_descriptor device_;
};

}  // namespace

std::unique_ptr<Transport> makeCharDeviceTransport(asio::any_io_executor executor, hal::PrinterUri uri) {
    return std::make_unique<CharDeviceTransport>(std::move(executor), std::move(uri));
}

}  // namespace yici::escpos
