// The paper roll's count, on the Asio thread; the database row is written on the store thread.
#include "ticket/paper_roll.hpp"

#include "ticket/internal/log.hpp"

#include <boost/asio/post.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "base/async.hpp"
#include "ticket/errors.hpp"
#include "yici/hal/printer.hpp"

namespace yici::ticket {
namespace {

std::int64_t unixSeconds(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

PaperRoll::PaperRoll(Deps deps)
    : d_(std::move(deps)),
      state_(d_.loaded),
      remaining_(
          d_.metrics.gauge("yici_printer_paper_remaining_ratio",
                           "What is left of the printer's paper roll, counted from what was printed on it "
                           "since staff put it in (1: a new roll).")) {
    show();
}

void PaperRoll::printed(int image_rows) {
    const std::int64_t rows = std::int64_t{image_rows} + hal::ticket_feed_rows;
    state_.used_rows += rows;
    ++state_.cuts;
    show();
    // Queued, not awaited: the ticket's own records need not wait for one more commit. The store thread runs
    // its jobs in order, so a new roll's reset still comes after every print queued before it.
    boost::asio::post(d_.store_executor, [&store = d_.store, rows] {
        if (auto saved = store.printed(rows); !saved)
            log()->warn("the paper roll's count was not saved: {}", saved.error().message);
    });
}

boost::asio::awaitable<Expected<void>> PaperRoll::replaced(std::string by) {
    const TimePoint now = d_.clock.now();
    // The count starts again now, in memory as in the database (where this write is queued before any print
    // that ends meanwhile), so a ticket printed during the write counts on the new roll in both.
    const store::PaperRollState old =
        std::exchange(state_, {.used_rows = 0, .cuts = 0, .started_unix = unixSeconds(now)});
    show();
    auto save = [this, at_unix = unixSeconds(now), at = toLocal(now).iso8601(), by] {
        return d_.store.replaced(at_unix, at, by);
    };
    auto saved = co_await offload(d_.store_executor, std::move(save));
    if (!saved) {
        state_.used_rows += old.used_rows;  // the old roll is still in: what printed meanwhile adds to it
        state_.cuts += old.cuts;
        state_.started_unix = old.started_unix;
        show();
        co_return saved;
    }
    log()->info("a new paper roll ({} m), confirmed by {}; the old one had {} ticket(s) on it", d_.length_m,
                by, old.cuts);
    co_return saved;
}

double PaperRoll::remainingRatio() const {
    const double used_m = static_cast<double>(state_.used_rows) / hal::dots_per_mm / 1000.0;
    return std::clamp(1.0 - used_m / d_.length_m, 0.0, 1.0);
}

hal::Health PaperRoll::health() const {
    return health_.get();
}

void PaperRoll::show() {
    const double ratio = remainingRatio();
    remaining_.set({}, ratio);
    if (ratio > d_.warning_ratio) {
        health_.set(hal::HealthLevel::ok, hal::Errc::ok, {});
        return;
    }
    const std::string detail =
        fmt::format("about {:.1f} m of the {:.0f} m roll left ({:.0f}%): put in a new roll and confirm it",
                    remainingM(), d_.length_m, ratio * 100);
    if (health_.set(hal::HealthLevel::warning, Errc::paper_roll_low, detail))
        log()->warn("paper roll: {}", detail);
}

}  // namespace yici::ticket
