// The retention of personal data: how long a registration's personal fields are kept, and the loop that
// erases them (and the data keys of days left without any) once that time is up.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>

#include "base/local_time.hpp"
#include "metrics/metrics.hpp"
#include "store/data_keys.hpp"
#include "store/registration_store.hpp"

namespace yici::prereg {

// How long personal fields are kept: after delivery, and at most, delivered or not.
struct Retention {
    std::chrono::hours after_delivery;
    std::chrono::hours at_most;
    bool standalone = false;  // a hall without a server
};

// Erases the personal fields of registrations past retention (store::RegistrationStore::purge), then
// destroys the data keys of the days left without any (store::DataKeys::shred): at start-up, then every ten
// minutes; counts the registrations in yici_privacy_purged_total{reason}. data_keys may be null (no key).
boost::asio::awaitable<void> purgeLoop(boost::asio::any_io_executor store_executor,
                                       store::RegistrationStore& registrations, store::DataKeys* data_keys,
                                       const Clock& clock, Retention retention,
                                       metrics::Counter purged_total);

// yici_privacy_purged_total{reason}: what purgeLoop counts.
metrics::Counter purgedCounter(metrics::Registry& registry);

}  // namespace yici::prereg
