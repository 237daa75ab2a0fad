// How ESC/POS bytes reach a printer: raw TCP, a character device, or USB bulk endpoints.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "base/error.hpp"
#include "codec.hpp"
#include "yici/hal/printer_uri.hpp"

namespace yici::escpos {

// How long one write may take before the printer counts as gone.
inline constexpr auto write_timeout = std::chrono::seconds(5);

class Transport {
  public:
    virtual ~Transport() = default;
    virtual boost::asio::awaitable<Expected<void>> open() = 0;
    virtual boost::asio::awaitable<Expected<void>> write(std::span<const std::uint8_t> bytes) = 0;
    // Reads exactly n bytes, or fails with "printer_timeout" after `timeout`.
    virtual boost::asio::awaitable<Expected<Bytes>> read(std::size_t n,
                                                         std::chrono::milliseconds timeout) = 0;
    // Drops bytes the printer sent that nobody asked for (stale replies), so the next read is in step.
    virtual boost::asio::awaitable<void> discardInput() = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    virtual std::string describe() const = 0;  // for logs and /health: "tcp 127.0.0.1:9100"
};

std::unique_ptr<Transport> makeTcpTransport(boost::asio::any_io_executor executor, hal::PrinterUri uri);
std::unique_ptr<Transport> makeCharDeviceTransport(boost::asio::any_io_executor executor,
                                                   hal::PrinterUri uri);
std::unique_ptr<Transport> makeUsbTransport(boost::asio::any_io_executor executor, hal::PrinterUri uri);

}  // namespace yici::escpos
