// A presenter that holds a printed ticket in the mouth of the kiosk and retracts it if nobody takes it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "base/error.hpp"
#include "yici/hal/health.hpp"

namespace yici::hal {

class TicketDispenser {
  public:
    virtual ~TicketDispenser() = default;
    virtual boost::asio::awaitable<Expected<void>> present() = 0;
    virtual boost::asio::awaitable<Expected<void>> retract() = 0;
    // True while a ticket waits in the mouth to be taken.
    virtual boost::asio::awaitable<Expected<bool>> ticketWaiting() = 0;
    virtual Health health() const = 0;
};

}  // namespace yici::hal
