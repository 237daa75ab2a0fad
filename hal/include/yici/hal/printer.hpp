// The ticket printer as the firmware sees it, whatever the protocol and transport.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "base/error.hpp"
#include "yici/hal/driver_config.hpp"
#include "yici/hal/health.hpp"
#include "yici/hal/raster.hpp"
#include "yici/hal/ticket_dispenser.hpp"

namespace yici::hal {

struct PrinterConfig {
    std::string driver = "none";  // a registered driver name ("escpos"), or "none"
    std::string uri;              // tcp://host:port, file:///dev/usb/lp0, usb://VID:PID[/SERIAL]
    int dots_per_line = 576;      // 80 mm paper at 203 dpi
    DriverOptions options;        // the driver's own keys, checked by the driver
    DispenserConfig dispenser;    // the printer's presenter ([dispenser]), driven over the printer's link
};

class Printer {
  public:
    virtual ~Printer() = default;

    // Begins watching the printer (status polling, reconnects) on the executor it was created with.
    virtual void start() = 0;
    virtual void stop() = 0;

    // Prints one ticket and cuts it. Checks the paper before and after; fails with the printer's
    // fault code ("printer_out_of_paper", "printer_cover_open", ...) and prints nothing when it is not ready.
    virtual boost::asio::awaitable<Expected<void>> printTicket(const Raster& ticket) = 0;

    virtual Health health() const = 0;

    // The printer's presenter, when the board has one: the same device in a second role, on the same link.
    virtual TicketDispenser* dispenser() { return nullptr; }
};

}  // namespace yici::hal
