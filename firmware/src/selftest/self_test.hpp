// The kiosk's self-test (yicictl selftest; after an update, before the new slot is marked good): every
// configured device and the hall link are exercised for real, and each check says pass or fail with the
// reason. Runs on the Asio thread; nothing in it blocks.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/local_time.hpp"
#include "hall/hall_link.hpp"
#include "ticket/ticket_service.hpp"
#include "yici/hal/health.hpp"

namespace yici::selftest {

struct Targets {
    ticket::TicketService* tickets = nullptr;  // the printer: a test ticket goes through the ticket path
    std::function<hal::Health()> id_reader;    // empty when the board has none
    std::function<hal::Health()> privacy_key;  // the key that encrypts personal fields
    // The time of the camera's newest frame; empty function when the board has no camera.
    std::function<std::optional<std::chrono::steady_clock::time_point>()> camera_last_frame;
    const hall::HallLink* hall = nullptr;  // null: a standalone kiosk, nothing to check
    const Clock* clock = nullptr;
    std::chrono::milliseconds wait{3000};  // how long a device may take to show it works
};

struct Check {
    std::string name;  // printer, id_reader, camera, privacy_key, hall_link, clock
    bool passed = false;
    std::string detail;    // why it failed, or what was seen, as a sentence; never personal data
    bool skipped = false;  // nothing to check on this board (passed, and said so)
};

struct Report {
    bool passed = false;  // every check passed
    std::vector<Check> checks;
};

boost::asio::awaitable<Report> run(const Targets& targets);
boost::json::object toJson(const Report& report);

}  // namespace yici::selftest
