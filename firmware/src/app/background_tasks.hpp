// yicid's long-running coroutines: the systemd watchdog ping, the retention purge, the card-photo decode and
// the drain before stopping.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <vector>

#include "app/systemd_notify.hpp"
#include "base/local_time.hpp"
#include "metrics/metrics.hpp"
#include "prereg/flow.hpp"
#include "session/photo_decoder.hpp"
#include "store/registration_store.hpp"
#include "ticket/ticket_service.hpp"
#include "yici/hal/printer.hpp"

namespace yici::app {

// Waits up to 5 s for tickets being printed, stops the printer, then the loop.
boost::asio::awaitable<void> drainThenStop(boost::asio::io_context& io, const ticket::TicketService& tickets,
                                           hal::Printer* printer);

// Decodes the card photo off the Asio thread and hands it to the session that asked for it.
boost::asio::awaitable<void> decodePhoto(boost::asio::any_io_executor worker, session::PhotoDecoder& decoder,
                                         prereg::Flow& sessions, std::uint64_t serial,
                                         std::vector<std::uint8_t> wlt);

// Tells systemd's watchdog the event loop is alive. It runs on the loop itself, so a loop that hangs stops
// the pings and systemd restarts yicid (WatchdogSec= in yicid.service).
boost::asio::awaitable<void> watchdogLoop(SystemdNotifier& systemd, std::chrono::microseconds interval);

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

}  // namespace yici::app
