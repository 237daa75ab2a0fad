// The printer address of a board config: tcp://host:port, file:///dev/usb/lp0, usb://VID:PID[/SERIAL].
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace yici::hal {

struct PrinterUri {
    enum class Scheme { tcp, file, usb };
    Scheme scheme = Scheme::tcp;
    std::string host;              // tcp
    std::uint16_t port = 9100;     // tcp
    std::string path;              // file
    std::uint16_t vendor_id = 0;   // usb
    std::uint16_t product_id = 0;  // usb
    std::string serial;            // usb, optional
};

Expected<PrinterUri> parsePrinterUri(std::string_view text);

}  // namespace yici::hal
