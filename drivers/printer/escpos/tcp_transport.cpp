// Raw TCP (port 9100) printers, with a timeout on every operation.
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <fmt/format.h>

#include "transport.hpp"
#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

constexpr auto connect_timeout = std::chrono::seconds(2);

class TcpTransport final : public Transport {
  public:
    TcpTransport(asio::any_io_executor executor, hal::PrinterUri uri)
        : executor_(executor), uri_(std::move(uri)), stream_(executor) {}

    asio::awaitable<Expected<void>> open() override {
        close();
        boost::system::error_code ec;
        tcp::resolver resolver(executor_);
        const std::string port = std::to_string(uri_.port);
        asio::steady_timer deadline(executor_,
                                    connect_timeout);  // a hostname with DNS down must not stall the printer
        auto resolved = co_await (
            resolver.async_resolve(uri_.host, port, asio::redirect_error(asio::use_awaitable, ec)) ||
            deadline.async_wait(asio::use_awaitable));
        if (resolved.index() == 1)
            co_return fail(hal::Errc::printer_unreachable, describe() + ": name lookup timed out");
        if (ec)
            co_return fail(hal::Errc::printer_unreachable, fmt::format("{}: {}", describe(), ec.message()));
        const auto endpoints = std::get<0>(resolved);
        stream_.expires_after(connect_timeout);
        co_await stream_.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
        if (ec)
            co_return fail(hal::Errc::printer_unreachable, fmt::format("{}: {}", describe(), ec.message()));
        stream_.socket().set_option(tcp::no_delay(true), ec);
        open_ = true;
        co_return Expected<void>{};
    }

    asio::awaitable<Expected<void>> write(std::span<const std::uint8_t> bytes) override {
        boost::system::error_code ec;
        stream_.expires_after(write_timeout);
        co_await asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return lost(ec);
        co_return Expected<void>{};
    }

    asio::awaitable<Expected<Bytes>> read(std::size_t n, std::chrono::milliseconds timeout) override {
        Bytes out(n);
        boost::system::error_code ec;
        stream_.expires_after(timeout);
        co_await asio::async_read(stream_, asio::buffer(out), asio::redirect_error(asio::use_awaitable, ec));
        if (ec == beast::error::timeout) {
            close();  // a timed-out beast stream is closed; reconnect on the next use
            co_return fail(hal::Errc::printer_timeout,
                           fmt::format("{}: no status reply within {} ms", describe(), timeout.count()));
        }
        if (ec) co_return lost(ec);
        co_return out;
    }

    asio::awaitable<void> discardInput() override {
        boost::system::error_code ec;
        std::size_t pending = stream_.socket().available(ec);
        while (!ec && pending > 0) {
            Bytes sink(pending);
            stream_.socket().read_some(asio::buffer(sink), ec);  // data is already there: does not block
            pending = stream_.socket().available(ec);
        }
        co_return;
    }

    void close() override {
        boost::system::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
        open_ = false;
    }

    bool isOpen() const override { return open_; }
    std::string describe() const override { return fmt::format("tcp {}:{}", uri_.host, uri_.port); }

  private:
    std::unexpected<Error> lost(const boost::system::error_code& ec) {
        close();
        return fail(hal::Errc::printer_unreachable, fmt::format("{}: {}", describe(), ec.message()));
    }

    asio::any_io_executor executor_;
    hal::PrinterUri uri_;
    beast::tcp_stream stream_;
    bool open_ = false;
};

}  // namespace

std::unique_ptr<Transport> makeTcpTransport(asio::any_io_executor executor, hal::PrinterUri uri) {
    return std::make_unique<TcpTransport>(std::move(executor), std::move(uri));
}

}  // namespace yici::escpos
