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
    std::string driver = "none";      // a registered driver name ("escpos"), or "none"
    std::string uri;                  // tcp://host:port, file:///dev/usb/lp0, usb://VID:PID[/SERIAL]
    int dots_per_line = 576;          // 80 mm paper at 203 dpi
    DriverOptions options;            // the driver's own keys, checked by the driver
    double roll_length_m = 0;         // the paper roll's length, counted down by the firmware; 0: not counted
    double roll_warning_ratio = 0.1;  // what is left of the roll when it is a warning
    DispenserConfig dispenser;        // the printer's presenter ([dispenser]), driven over the printer's link
};

// What printTicket feeds after the image before the cut, in dot rows (three lines of 24), and the dots a
// millimetre of paper holds at 203 dpi: what a ticket takes off the roll.
inline constexpr int ticket_feed_rows = 72;
inline constexpr double dots_per_mm = 8.0;

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
