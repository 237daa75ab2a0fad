// A Printer whose health is scripted, that keeps every ticket it printed and fails a print when told to.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "yici/hal/errors.hpp"
#include "yici/hal/printer.hpp"

namespace yici::testing {

inline hal::Health healthy() {
    return hal::Health{.level = hal::HealthLevel::ok, .code = hal::Errc::ok, .detail = "", .since = {}};
}

class FakePrinter final : public hal::Printer {
  public:
    void start() override { ++starts; }
    void stop() override { ++stops; }

    boost::asio::awaitable<Expected<void>> printTicket(const hal::Raster& ticket) override {
        ++attempts;
        if (fail_next_) {
            Error error = std::move(*fail_next_);
            fail_next_.reset();
            co_return std::unexpected(std::move(error));
        }
        printed.push_back(ticket);
        if (on_print) on_print();
        co_return Expected<void>{};
    }

    hal::Health health() const override { return health_; }

    // What health() answers from now on (the driver's last poll).
    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail = "") {
        health_ = hal::Health{.level = level, .code = code, .detail = std::move(detail), .since = {}};
    }
    // The next printTicket fails with this hal error ("printer_out_of_paper", ...) and prints nothing.
    void failNextPrint(ErrorCode code, std::string message = "scripted by the test") {
        fail_next_ = Error{code, std::move(message)};
    }

    std::function<void()> on_print;    // runs as each ticket comes out, before printTicket returns
    std::vector<hal::Raster> printed;  // the tickets that came out, in order
    int attempts = 0;                  // printTicket calls, failed ones included
    int starts = 0, stops = 0;

  private:
    hal::Health health_ = healthy();
    std::optional<Error> fail_next_;
};

}  // namespace yici::testing
