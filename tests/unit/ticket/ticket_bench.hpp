// A TicketService wired to fakes: the real store (with write faults on demand), the real layout, a fake
// printer and a fake hall server; everything runs on one io_context, driven by testing::run.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "fakes/fake_hall.hpp"
#include "fakes/fake_printer.hpp"
#include "fakes/non_writable_db.hpp"
#include "metrics/metrics.hpp"
#include "store/ticket_store.hpp"
#include "testing.hpp"
#include "ticket/ticket_layout.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::testing {

// The hall that issues around the clock (tests/data/always-open-hall.toml).
inline catalog::HallCatalog alwaysOpenHall() {
    auto hall = catalog::loadHallCatalog(sourceDir() / "tests/data/always-open-hall.toml");
    REQUIRE(hall.has_value());
    return *hall;
}

inline ticket::TicketLayout ticketLayout() {
    auto font = ticket::findCjkFont();
    REQUIRE_MESSAGE(font.has_value(), (font ? "" : font.error().message));
    auto layout = ticket::TicketLayout::create(*font, 576);
    REQUIRE_MESSAGE(layout.has_value(), (layout ? "" : layout.error().message));
    return std::move(*layout);
}

struct TicketBench {
    boost::asio::io_context io;
    TempDir dir;
    NonWritableDb db{dir.path() / "yici.db"};
    store::TicketStore store{db.db()};
    catalog::HallCatalog hall = alwaysOpenHall();
    FakePrinter printer;
    FakeHall hall_server;
    FakeClock clock{shanghai(2026, 11, 27, 10, 0)};
    std::chrono::steady_clock::time_point steady_now{};  // the back-off's clock: a test moves it on
    metrics::Registry metrics;
    ticket::TicketLayout layout = ticketLayout();
    // A kiosk in a hall without a server: it numbers every ticket itself.
    ticket::TicketService tickets{deps()};

    // Store and render run on the test's io_context too: offload() posts there and back.
    ticket::TicketService::Deps deps(const hall::HallLink* hall_link = nullptr,
                                     std::chrono::milliseconds backoff = std::chrono::seconds(5)) {
        return {.store_executor = io.get_executor(),
                .render_executor = io.get_executor(),
                .store = store,
                .hall = hall,
                .printer = &printer,
                .layout = layout,
                .metrics = metrics,
                .clock = clock,
                .kiosk_id = "test-k01",
                .hall_client = hall_link,
                .hall_timeout = std::chrono::milliseconds(100),
                .hall_backoff = backoff,
                .offline_prefix = "K1",
                .steady_now = [this] { return steady_now; },
                .clock_check = {},
                .data_dir = dir.path()};
    }
    // A kiosk whose hall server is hall_server.
    std::unique_ptr<ticket::TicketService> online(
        std::chrono::milliseconds backoff = std::chrono::seconds(5)) {
        return std::make_unique<ticket::TicketService>(deps(&hall_server, backoff));
    }

    Expected<ticket::Issued> issue(ticket::TicketService& service, std::string service_id,
                                   std::string key = "") {
        ticket::TicketRequest request;
        request.service_id = std::move(service_id);
        request.idempotency_key = std::move(key);
        return run(io, service.issue(std::move(request)));
    }
    Expected<ticket::Issued> issue(std::string service_id, std::string key = "") {
        return issue(tickets, std::move(service_id), std::move(key));
    }

    // Every ticket of the bench's day, as the store has it.
    std::vector<store::Ticket> today() {
        auto all = store.ticketsOfDay("2026-11-27");
        REQUIRE(all.has_value());
        return *all;
    }
};

}  // namespace yici::testing
