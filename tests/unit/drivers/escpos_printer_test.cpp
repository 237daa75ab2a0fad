// The escpos driver over a character device (file://), with a pseudo-terminal standing in for
// /dev/usb/lp0 and a printer thread answering on the other side.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "printer/escpos/decoder.hpp"
#include "printer/escpos/escpos_printer.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;

namespace {

// A printer on the master side of a pty: decodes what arrives, answers status requests.
struct PtyPrinter {
    int master = -1, slave = -1;
    std::string path;
    std::atomic<bool> stop{false};
    std::atomic<std::uint8_t> paper_byte{0x12};
    std::atomic<bool> silent_after_cut{false};     // answers nothing once a ticket was cut
    std::atomic<bool> runs_out_at_cut{false};      // the roll ends right after the next cut
    std::atomic<bool> runs_out_mid_ticket{false};  // the roll ends inside the next ticket: the printer stops
    std::atomic<bool> stopped{false};              // stopped mid-job: neither the cut nor GS r is processed
    std::atomic<std::uint8_t> ejector_byte{
        0x04};  // a gs-e presenter's GS e 6 answer: paper, nothing in the mouth
    std::atomic<int> retracts{0};
    std::atomic<int> cuts{0}, raster_rows{0};
    std::thread thread;

    PtyPrinter() {
        char name[128] = {};
        REQUIRE(openpty(&master, &slave, name, nullptr, nullptr) == 0);
        termios raw{};
        tcgetattr(slave, &raw);
        cfmakeraw(&raw);
        tcsetattr(slave, TCSANOW, &raw);
        path = name;
        thread = std::thread([this] { run(); });
    }
    ~PtyPrinter() {
        stop = true;
        thread.join();
        close(master);
        close(slave);
    }
    void run() {
        escpos::Decoder decoder;
        std::uint8_t buffer[4096];
        while (!stop) {
            pollfd p{master, POLLIN, 0};
            if (poll(&p, 1, 20) <= 0) continue;
            const ssize_t n = read(master, buffer, sizeof buffer);
            if (n <= 0) continue;
            for (const auto& c :
                 decoder.feed(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(n)))) {
                using Kind = escpos::Command::Kind;
                const bool silent = silent_after_cut && cuts > 0;
                if (c.kind == Kind::status_request && !silent) {
                    const std::uint8_t reply = c.arg == 4 ? paper_byte.load() : std::uint8_t{0x12};
                    (void)!write(master, &reply, 1);
                } else if (c.kind == Kind::paper_status_request && !silent && !stopped) {
                    const std::uint8_t reply = paper_byte == 0x72 ? 0x0C : 0x00;
                    (void)!write(master, &reply, 1);
                } else if (c.kind == Kind::presenter_status) {
                    const std::uint8_t reply = ejector_byte;
                    (void)!write(master, &reply, 1);
                } else if (c.kind == Kind::retract) {
                    ++retracts;
                } else if (c.kind == Kind::cut && !stopped) {
                    ++cuts;
                    if (runs_out_at_cut) paper_byte = 0x72;
                } else if (c.kind == Kind::raster && !stopped) {
                    if (runs_out_mid_ticket && raster_rows > 0) {
                        paper_byte = 0x72;
                        stopped = true;
                        continue;
                    }
                    raster_rows += c.raster.height;
                }
            }
        }
    }
};

// The escpos driver, as a board config names it, on the printer at `uri`; with a gs-e presenter when asked.
std::unique_ptr<hal::Printer> escposAt(boost::asio::io_context& io, const std::string& uri,
                                       bool presenter = false) {
    hal::DriverRegistry<hal::Printer, hal::PrinterConfig> registry;
    escpos::registerDriver(registry);
    hal::PrinterConfig config;
    config.driver = "escpos";
    config.uri = uri;
    if (presenter) config.dispenser = {.driver = "escpos-presenter", .options = {{"dialect", "gs-e"}}};
    auto printer = registry.create("escpos", io.get_executor(), config);
    REQUIRE(printer.has_value());
    return std::move(*printer);
}

Expected<void> print(boost::asio::io_context& io, hal::Printer& printer, const hal::Raster& ticket) {
    auto done = boost::asio::co_spawn(io, printer.printTicket(ticket), boost::asio::use_future);
    io.restart();
    io.run_for(std::chrono::seconds(5));
    REQUIRE(done.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    return done.get();
}

}  // namespace

TEST_CASE("a ticket printed through file:// reaches the device as raster rows and one cut") {
    PtyPrinter device;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path);
    hal::Raster ticket(576, 300);
    ticket.set(10, 10, true);
    REQUIRE(print(io, *printer, ticket).has_value());
    CHECK(printer->health().level == hal::HealthLevel::ok);
    for (int i = 0; i < 50 && device.cuts == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(device.cuts == 1);
    CHECK(device.raster_rows == 300);
}

TEST_CASE("paper out on the device refuses the ticket before anything is printed") {
    PtyPrinter device;
    device.paper_byte = 0x72;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path);
    auto result = print(io, *printer, hal::Raster(576, 100));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_out_of_paper);
    CHECK(printer->health().level == hal::HealthLevel::critical);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(device.raster_rows == 0);
}

TEST_CASE("a printer silent after the cut leaves the ticket unconfirmed, never failed") {
    PtyPrinter device;
    device.silent_after_cut = true;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path);
    auto result = print(io, *printer, hal::Raster(576, 100));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_unconfirmed);
    CHECK(result.error().message.find("the whole ticket was sent") == 0);
    CHECK(device.cuts == 1);
    CHECK(device.raster_rows == 100);
}

TEST_CASE("paper that runs out right after the cut leaves the ticket printed, and the next one refused") {
    PtyPrinter device;
    device.runs_out_at_cut = true;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path);
    auto result = print(io, *printer, hal::Raster(576, 100));
    CHECK_MESSAGE(result.has_value(), (result ? "" : result.error().message));
    CHECK(device.cuts == 1);
    CHECK(printer->health().code == hal::Errc::printer_out_of_paper);
    CHECK(print(io, *printer, hal::Raster(576, 100)).error().code == hal::Errc::printer_out_of_paper);
    CHECK(device.cuts == 1);
}

TEST_CASE("paper that runs out inside the ticket fails it with paper out: the cut never came") {
    PtyPrinter device;
    device.runs_out_mid_ticket = true;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path);
    auto result = print(io, *printer, hal::Raster(576, 300));  // two bands: the roll ends after the first
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_out_of_paper);
    CHECK(device.cuts == 0);
}

TEST_CASE("a device that does not exist is reported absent, not a crash") {
    boost::asio::io_context io;
    auto printer = escposAt(io, "file:///dev/usb/lp-yici-none");
    auto result = print(io, *printer, hal::Raster(576, 10));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_unreachable);
    CHECK(printer->health().level == hal::HealthLevel::absent);
}

TEST_CASE("a ticket the presenter would not take back keeps it a fault until someone takes the ticket out") {
    PtyPrinter device;
    boost::asio::io_context io;
    auto printer = escposAt(io, "file://" + device.path, true);
    hal::TicketDispenser* dispenser = printer->dispenser();
    REQUIRE(dispenser != nullptr);
    printer->start();
    const auto dispenserLevel = [&] { return dispenser->health().level; };
    io.run_for(std::chrono::milliseconds(300));  // the first poll reads the presenter too
    CHECK(dispenserLevel() == hal::HealthLevel::ok);
    device.ejector_byte = 0x0C;  // a ticket in the mouth that no retract moves
    auto cleared = boost::asio::co_spawn(io, dispenser->clearMouth(), boost::asio::use_future);
    io.restart();
    io.run_for(std::chrono::seconds(6));
    REQUIRE(cleared.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    const auto failed = cleared.get();
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().code == hal::Errc::dispenser_error);
    CHECK(device.retracts == 1);
    io.restart();
    io.run_for(std::chrono::milliseconds(1200));  // the idle poll sees the ticket, still there
    CHECK(dispenser->health().code == hal::Errc::dispenser_error);
    device.ejector_byte = 0x04;  // the technician took it out
    io.restart();
    io.run_for(std::chrono::milliseconds(1200));
    CHECK(dispenserLevel() == hal::HealthLevel::ok);
    printer->stop();
}
