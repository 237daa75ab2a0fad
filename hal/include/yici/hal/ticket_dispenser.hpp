// The ticket dispenser (a kiosk printer's presenter): holds the cut ticket in the kiosk's mouth, says whether
// it is still there, and takes back one nobody took.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "base/error.hpp"
#include "yici/hal/driver_config.hpp"
#include "yici/hal/health.hpp"

namespace yici::hal {

struct DispenserConfig {
    std::string driver = "none";  // a dispenser of the printer's driver ("escpos-presenter"), or "none"
    int take_timeout_s = 30;      // how long a presented ticket waits for its citizen
    bool retract = true;          // a ticket nobody took goes into the bin; false: it is ejected
    DriverOptions options;        // the driver's own keys ("dialect", "present_mm"), checked by the driver
};

class TicketDispenser {
  public:
    virtual ~TicketDispenser() = default;

    // Moves the ticket just cut into the mouth, for the citizen to take.
    virtual boost::asio::awaitable<Expected<void>> present() = 0;
    // Whether a ticket is in the mouth; fails with "dispenser_jam" (and health critical) on a jam.
    virtual boost::asio::awaitable<Expected<bool>> ticketInMouth() = 0;
    // Takes back the ticket in the mouth: into the bin, or out of the kiosk when retracting is off; done
    // once the mouth is empty.
    virtual boost::asio::awaitable<Expected<void>> clearMouth() = 0;

    virtual Health health() const = 0;
};

}  // namespace yici::hal
