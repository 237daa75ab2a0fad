// The "escpos-presenter" dispenser: the presenter of an ESC/POS kiosk printer, driven over the printer's own
// link and taking turns with its jobs and status polls (one device in two HAL roles).
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <string>
#include <vector>

#include "base/async.hpp"
#include "presenter_codec.hpp"
#include "transport.hpp"
#include "yici/hal/ticket_dispenser.hpp"

namespace yici::escpos {

// The [dispenser] table's problems for this driver ("dispenser.dialect", ...); none for driver = "none".
std::vector<hal::ConfigProblem> checkPresenterConfig(const hal::DispenserConfig& config);

class EscposPresenter final : public hal::TicketDispenser {
  public:
    // `config` must pass checkPresenterConfig. The transport and mutex are the printer's.
    EscposPresenter(boost::asio::any_io_executor executor, const hal::DispenserConfig& config,
                    Transport& transport, AsyncMutex& mutex);

    boost::asio::awaitable<Expected<void>> present() override;
    boost::asio::awaitable<Expected<bool>> ticketInMouth() override;
    boost::asio::awaitable<Expected<void>> clearMouth() override;
    hal::Health health() const override { return health_.get(); }

    // ticketInMouth() for a caller that holds the printer's mutex (the printer's status poll).
    boost::asio::awaitable<Expected<bool>> readMouthLocked();

  private:
    boost::asio::awaitable<Expected<void>> send(const Bytes& bytes);
    Expected<bool> fault(ErrorCode code, std::string detail);

    boost::asio::any_io_executor executor_;
    PresenterDialect dialect_;
    int present_mm_;
    int take_timeout_s_;
    NotTaken not_taken_;
    Transport& transport_;
    AsyncMutex& mutex_;
    hal::HealthTracker health_;
    bool stuck_ = false;  // a ticket it was told to take back stayed in the mouth
    std::string stuck_detail_;
};

}  // namespace yici::escpos
