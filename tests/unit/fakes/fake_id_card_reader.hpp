// An IdCardReader the test drives: it places and lifts cards and reports read errors through the listener.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "yici/hal/errors.hpp"
#include "yici/hal/id_card_reader.hpp"

namespace yici::testing {

class FakeIdCardReader final : public hal::IdCardReader {
  public:
    void start(Listener listener) override {
        listener_ = std::move(listener);
        started = true;
    }
    void stop() override { started = false; }
    hal::Health health() const override { return health_; }
    Counters counters() const override { return counters_; }

    void setHealth(hal::HealthLevel level, ErrorCode code, std::string detail = "") {
        health_ = hal::Health{.level = level, .code = code, .detail = std::move(detail), .since = {}};
    }
    // A card on the reader, read in `read_time`.
    void place(const hal::IdCard& card,
               std::chrono::milliseconds read_time = std::chrono::milliseconds(300)) {
        ++counters_.reads_ok;
        if (listener_.card_present) listener_.card_present(card, read_time);
    }
    void lift() {
        if (listener_.card_removed) listener_.card_removed();
    }
    // A card is there but unreadable: "card_read_failed", "wrong_card", "card_select_failed".
    void fail(ErrorCode code) {
        ++counters_.reads_failed;
        if (listener_.card_error) listener_.card_error(code);
    }

    bool started = false;

  private:
    Listener listener_;
    hal::Health health_ =
        hal::Health{.level = hal::HealthLevel::ok, .code = hal::Errc::ok, .detail = "", .since = {}};
    Counters counters_;
};

}  // namespace yici::testing
