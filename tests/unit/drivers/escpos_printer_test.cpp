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
    std::atomic<bool> silent_after_cut{false};  // answers nothing once a ticket was cut
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
                if (c.kind == escpos::Command::Kind::status_request && !(silent_after_cut && cuts > 0)) {
                    const std::uint8_t reply = c.arg == 4 ? paper_byte.load() : std::uint8_t{0x12};
                    (void)!write(master, &reply, 1);
                } else if (c.kind == escpos::Command::Kind::cut) {
                    ++cuts;
                } else if (c.kind == escpos::Command::Kind::raster) {
                    raster_rows += c.raster.height;
                }
            }
        }
    }
};

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
    hal::DriverRegistry<hal::Printer, hal::PrinterConfig> registry;
    escpos::registerDriver(registry);
    auto printer = registry.create("escpos", io.get_executor(), {"escpos", "file://" + device.path, 576, {}});
    REQUIRE(printer.has_value());
    hal::Raster ticket(576, 300);
    ticket.set(10, 10, true);
    REQUIRE(print(io, **printer, ticket).has_value());
    CHECK((*printer)->health().level == hal::HealthLevel::ok);
    for (int i = 0; i < 50 && device.cuts == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(device.cuts == 1);
    CHECK(device.raster_rows == 300);
}

TEST_CASE("paper out on the device refuses the ticket before anything is printed") {
    PtyPrinter device;
    device.paper_byte = 0x72;
    boost::asio::io_context io;
    hal::DriverRegistry<hal::Printer, hal::PrinterConfig> registry;
    escpos::registerDriver(registry);
    auto printer = registry.create("escpos", io.get_executor(), {"escpos", "file://" + device.path, 576, {}});
    auto result = print(io, **printer, hal::Raster(576, 100));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_out_of_paper);
    CHECK((*printer)->health().level == hal::HealthLevel::critical);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(device.raster_rows == 0);
}

TEST_CASE("a printer silent after the cut leaves the ticket unconfirmed, never failed") {
    PtyPrinter device;
    device.silent_after_cut = true;
    boost::asio::io_context io;
    hal::DriverRegistry<hal::Printer, hal::PrinterConfig> registry;
    escpos::registerDriver(registry);
    auto printer = registry.create("escpos", io.get_executor(), {"escpos", "file://" + device.path, 576, {}});
    REQUIRE(printer.has_value());
    auto result = print(io, **printer, hal::Raster(576, 100));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_unconfirmed);
    CHECK(result.error().message.find("the whole ticket was sent") == 0);
    CHECK(device.cuts == 1);
    CHECK(device.raster_rows == 100);
}

TEST_CASE("a device that does not exist is reported absent, not a crash") {
    boost::asio::io_context io;
    hal::DriverRegistry<hal::Printer, hal::PrinterConfig> registry;
    escpos::registerDriver(registry);
    auto printer =
        registry.create("escpos", io.get_executor(), {"escpos", "file:///dev/usb/lp-yici-none", 576, {}});
    auto result = print(io, **printer, hal::Raster(576, 10));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == hal::Errc::printer_unreachable);
    CHECK((*printer)->health().level == hal::HealthLevel::absent);
}
