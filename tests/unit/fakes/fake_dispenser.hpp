// A TicketDispenser whose mouth is scripted: a presented ticket is taken after a number of looks, stays, or
// jams; every present and take-back is counted.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>

#include "fakes/fake_printer.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/ticket_dispenser.hpp"

namespace yici::testing {

class FakeDispenser final : public hal::TicketDispenser {
  public:
    boost::asio::awaitable<Expected<void>> present() override {
        ++presents;
        in_mouth_ = true;
        looks_ = 0;
        co_return Expected<void>{};
    }

    boost::asio::awaitable<Expected<bool>> ticketInMouth() override {
        if (fail_looks) {
            if (*fail_looks == hal::Errc::dispenser_jam)
                health_ = {
                    .level = hal::HealthLevel::critical, .code = *fail_looks, .detail = "", .since = {}};
            co_return fail(*fail_looks, "scripted by the test");
        }
        ++looks_;
        if (!in_mouth_ || looks_ <= arrives_after_looks) co_return false;  // none, or still on its way
        if (take_after_looks >= 0 && looks_ > arrives_after_looks + take_after_looks) in_mouth_ = false;
        co_return in_mouth_;
    }

    boost::asio::awaitable<Expected<void>> clearMouth() override {
        ++clears;
        in_mouth_ = false;
        co_return Expected<void>{};
    }

    hal::Health health() const override { return health_; }

    // A ticket is in the mouth already (left from before a restart).
    void leaveTicket() { in_mouth_ = true; }

    int arrives_after_looks = 0;          // the mouth reads empty this many looks before the ticket is in it
    int take_after_looks = 0;             // then the citizen takes it after this many looks; -1: never
    std::optional<ErrorCode> fail_looks;  // every look fails with this (dispenser_jam: health critical too)
    int presents = 0, clears = 0;

  private:
    hal::Health health_ = healthy();
    bool in_mouth_ = false;
    int looks_ = 0;
};

}  // namespace yici::testing
