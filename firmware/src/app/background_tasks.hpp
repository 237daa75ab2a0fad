// yicid's long-running coroutines: the systemd watchdog ping, the card-photo decode and the drain before
// stopping (the retention purge is prereg/retention.hpp).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <vector>

#include "app/systemd_notify.hpp"
#include "prereg/flow.hpp"
#include "session/photo_decoder.hpp"
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

}  // namespace yici::app
