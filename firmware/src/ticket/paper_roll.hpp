// The paper roll in the printer, counted: what every print took off it ([printer] roll_length_m) against its
// length, kept in the database across restarts, a warning at [printer] roll_warning_ratio (before the
// near-end sensor trips, so staff bring a roll in time), and a fresh count when staff put in a new roll.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>

#include "base/local_time.hpp"
#include "metrics/metrics.hpp"
#include "store/paper_roll_store.hpp"
#include "yici/hal/health.hpp"

namespace yici::ticket {

class PaperRoll {
  public:
    struct Deps {
        boost::asio::any_io_executor store_executor;  // the one thread that touches SQLite
        store::PaperRollStore& store;
        metrics::Registry& metrics;
        const Clock& clock;
        double length_m = 80;
        double warning_ratio = 0.1;
        store::PaperRollState loaded;  // as the database had it at start
    };

    explicit PaperRoll(Deps deps);

    // A print of `rows` dot rows (its image; the feed after it is added here) came out and was cut.
    void printed(int image_rows);
    // Staff put in a new roll (`by`: "technician", "yicictl"): the count starts again.
    boost::asio::awaitable<Expected<void>> replaced(std::string by);

    double remainingRatio() const;
    double remainingM() const { return remainingRatio() * d_.length_m; }
    double lengthM() const { return d_.length_m; }
    // ok, or warning paper_roll_low with what is left (/health "paper_roll").
    hal::Health health() const;

  private:
    void show();

    Deps d_;
    store::PaperRollState state_;
    metrics::Gauge remaining_;
    hal::HealthTracker health_;
};

}  // namespace yici::ticket
