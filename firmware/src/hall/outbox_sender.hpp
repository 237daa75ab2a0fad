// Delivers the outbox to the hall server exactly once per event id: batches in order, marks what the hall
// acknowledged, retries the rest with capped exponential backoff and jitter, and picks up where it left
// off after a restart (the outbox is in SQLite). Never blocks issuing: it runs beside it and only reads
// the store through the store thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "hall/hall_link.hpp"
#include "health/device_health.hpp"
#include "metrics/metrics.hpp"
#include "store/outbox_store.hpp"
#include "store/registration_store.hpp"

namespace yici::hall {

struct OutboxHealth {
    int pending = 0;
    std::int64_t oldest_age_s = 0;
    std::string last_error;           // the last delivery failure's code, empty after a success
    std::map<std::string, int> held;  // events held back, by reason
};

// Why an event is held back instead of sent (it stays pending, is offered again after held_retry).
inline constexpr std::string_view hold_hall_rejected = "hall_rejected";  // the hall's answer rejected it
inline constexpr std::string_view hold_hall_refused = "hall_refused";    // HTTP 400/413/422 for it alone
inline constexpr std::string_view hold_personal_fields_unreadable = "personal_fields_unreadable";

// What /health says of the outbox: every hold reason with its count (0 included), and overdue when the oldest
// event waits longer than `overdue_after_s` for a hall that exists (`linked`); a standalone kiosk waits for
// nobody, so waiting is no fault there.
health::OutboxStatus outboxStatus(const OutboxHealth& outbox, bool linked, std::int64_t overdue_after_s);

class OutboxSender {
  public:
    struct Deps {
        boost::asio::any_io_executor store_executor;
        store::OutboxStore& outbox;
        store::RegistrationStore& registrations;
        store::DataKeys* data_keys = nullptr;  // null: registrations are held back until the key loads
        const HallLink* client = nullptr;      // null: a hall without a server; events are settled at once
        metrics::Registry& metrics;
    };

    OutboxSender(boost::asio::any_io_executor executor, Deps deps);
    ~OutboxSender();

    void start();
    void stop();
    OutboxHealth health() const;

    static constexpr int batch_size = 100;
    static constexpr std::chrono::seconds held_retry{3600};

  private:
    enum class Round { idle, delivered, failed };
    struct Batch;
    boost::asio::awaitable<Expected<Batch>> readBatch();
    boost::asio::awaitable<Round> holdBack(std::vector<store::Hold> holds);
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<Round> deliverOnce();
    boost::asio::awaitable<void> refreshStats();
    std::chrono::milliseconds backoff() const;

    boost::asio::any_io_executor executor_;
    Deps d_;
    boost::asio::steady_timer timer_;
    metrics::Counter delivered_, held_, failed_;
    metrics::Histogram delivery_seconds_;
    store::OutboxStats stats_;
    std::string last_error_;
    int failures_ = 0;    // in a row
    int one_by_one_ = 0;  // after the hall refused a whole batch: this many rounds of one event each
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace yici::hall
