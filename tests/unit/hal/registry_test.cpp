// The driver registry: names the board may use, and no driver built from a config its own check refuses.
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "register_all.hpp"
#include "yici/hal/errors.hpp"
#include "yici/hal/registry.hpp"

using namespace yici;

TEST_CASE("a driver is not built from a config its check refuses: the first problem is the error") {
    boost::asio::io_context io;
    const auto drivers = drivers::allDrivers();
    hal::IdReaderConfig config;
    config.driver = "sam-serial";
    config.device = "/dev/ttyUSB0";
    config.options = {{"baud", "12345"}};
    auto reader = drivers.id_readers.create("sam-serial", io.get_executor(), config);
    REQUIRE_FALSE(reader.has_value());
    CHECK(reader.error().code == hal::Errc::driver_config_invalid);
    CHECK(reader.error().message == "sam-serial: baud: must be 9600, 19200, 38400, 57600 or 115200");
}

TEST_CASE("a name the build has no driver for is driver_unavailable, and the check lists the names") {
    boost::asio::io_context io;
    const auto drivers = drivers::allDrivers();
    hal::PrinterConfig config;
    config.driver = "star";
    auto printer = drivers.printers.create("star", io.get_executor(), config);
    REQUIRE_FALSE(printer.has_value());
    CHECK(printer.error().code == hal::Errc::driver_unavailable);
    const auto problems = drivers.printers.check(config);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().key == "driver");
    CHECK(problems.front().message.find("use escpos") != std::string::npos);
}
