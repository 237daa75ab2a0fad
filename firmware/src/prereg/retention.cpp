// The purge, every ten minutes on the store thread.
#include "prereg/retention.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "base/async.hpp"
#include "prereg/internal/log.hpp"

namespace yici::prereg {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

}  // namespace

metrics::Counter purgedCounter(metrics::Registry& registry) {
    return registry.counter("yici_privacy_purged_total",
                            "Registrations whose personal fields were erased, by reason "
                            "(delivered: after retention_h; max_retention: never delivered).");
}

asio::awaitable<void> purgeLoop(asio::any_io_executor store_executor, store::RegistrationStore& registrations,
                                store::DataKeys* data_keys, const Clock& clock, Retention retention,
                                metrics::Counter purged_total) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        const TimePoint now = clock.now();
        auto purge = [&registrations, now, retention, iso = toLocal(now).iso8601()] {
            return registrations.purge(
                {.now_unix = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count(),
                 .retention_s = std::chrono::seconds(retention.after_delivery).count(),
                 .max_retention_s = std::chrono::seconds(retention.at_most).count(),
                 .standalone = retention.standalone,
                 .now_iso = iso});
        };
        auto purged = co_await offload(store_executor, std::move(purge));
        if (!purged) {
            log()->error("purging personal data failed: {}", purged.error().message);
        } else {
            if (purged->delivered > 0) {
                log()->info("personal data of {} delivered registration(s) erased", purged->delivered);
                purged_total.add({{"reason", "delivered"}}, purged->delivered);
            }
            if (purged->undelivered > 0) {
                log()->warn(
                    "personal data of {} registration(s) the hall never acknowledged erased after {} h",
                    purged->undelivered, retention.at_most.count());
                purged_total.add({{"reason", "max_retention"}}, purged->undelivered);
            }
        }
        if (data_keys != nullptr) {
            auto shred = [data_keys, today = toLocal(now).date()] { return data_keys->shred(today); };
            auto shredded = co_await offload(store_executor, std::move(shred));
            if (!shredded) {
                log()->error("destroying the data keys of past days failed: {}", shredded.error().message);
            } else if (*shredded > 0) {
                log()->info("the data keys of {} past day(s) without personal data destroyed", *shredded);
            }
        }
        timer.expires_after(10min);
        boost::system::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
    }
}

}  // namespace yici::prereg
