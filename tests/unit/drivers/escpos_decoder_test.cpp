// The virtual printer's decoder reads back exactly what the codec writes, in any chunking.
#include <doctest/doctest.h>

#include "printer/escpos/codec.hpp"
#include "printer/escpos/decoder.hpp"
#include "printer/escpos/presenter_codec.hpp"

using namespace yici;
using escpos::Bytes;
using Kind = escpos::Command::Kind;

namespace {

Bytes ticketJob(const hal::Raster& image) {
    Bytes job = escpos::init();
    for (const Bytes& part :
         {escpos::raster(image, 100), escpos::qrCode("https://q.example/?t=1"), escpos::feed(3),
          escpos::cut(true), escpos::paperStatusRequest(), escpos::statusRequest(4)}) {
        job.insert(job.end(), part.begin(), part.end());
    }
    return job;
}

hal::Raster pattern() {
    hal::Raster image(64, 250);
    for (int y = 0; y < 250; ++y) image.set((y * 7) % 64, y, true);
    return image;
}

}  // namespace

TEST_CASE("a ticket job decodes into its commands") {
    escpos::Decoder decoder;
    const auto commands = decoder.feed(ticketJob(pattern()));
    std::vector<Kind> kinds;
    for (const auto& c : commands) kinds.push_back(c.kind);
    CHECK(kinds == std::vector<Kind>{Kind::init, Kind::raster, Kind::raster, Kind::raster, Kind::qr_model,
                                     Kind::qr_module_size, Kind::qr_error_level, Kind::qr_store,
                                     Kind::qr_print, Kind::feed, Kind::cut, Kind::paper_status_request,
                                     Kind::status_request});
    CHECK(commands[7].data == "https://q.example/?t=1");
    CHECK(commands[11].arg == 1);
    CHECK(commands[12].arg == 4);
    CHECK(commands[1].raster.height == 100);
    CHECK(commands[3].raster.height == 50);
    CHECK(decoder.buffered() == 0);
}

TEST_CASE("a job split into single bytes decodes to the same image") {
    const auto image = pattern();
    const Bytes job = ticketJob(image);
    escpos::Decoder decoder;
    std::vector<escpos::Command> commands;
    for (std::uint8_t b : job) {
        for (auto& c : decoder.feed(std::span<const std::uint8_t>(&b, 1))) commands.push_back(std::move(c));
    }
    REQUIRE(commands.size() == 13);
    int row = 0;
    for (int i = 1; i <= 3; ++i) {
        const auto& band = commands[static_cast<std::size_t>(i)].raster;
        for (int y = 0; y < band.height; ++y, ++row)
            for (int x = 0; x < 64; ++x) REQUIRE(band.dot(x, y) == image.dot(x, row));
    }
    CHECK(row == 250);
}

TEST_CASE("a raster header claiming gigabytes is refused and decoding resynchronises") {
    escpos::Decoder decoder(1024);
    Bytes bad = {0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF};
    const Bytes init = escpos::init();
    bad.insert(bad.end(), init.begin(), init.end());
    const auto commands = decoder.feed(bad);
    REQUIRE(commands.size() == 2);
    CHECK(commands[0].kind == Kind::malformed);
    CHECK(commands[1].kind == Kind::init);
}

TEST_CASE("plain text between commands is kept as text") {
    escpos::Decoder decoder;
    const Bytes bytes = {'H', 'i', '\n', 0x1B, 0x40};
    const auto commands = decoder.feed(bytes);
    REQUIRE(commands.size() == 2);
    CHECK(commands[0].kind == Kind::text);
    CHECK(commands[0].data == "Hi\n");
}

TEST_CASE("the presenter's commands of both dialects decode, as the virtual presenter reads them") {
    using escpos::PresenterDialect;
    Bytes job;
    for (const Bytes& part :
         {escpos::presentTicket(PresenterDialect::gs_e, 40, escpos::NotTaken::retract, 30),
          escpos::retractTicket(), escpos::ejectTicket(),
          escpos::presenterStatusRequest(PresenterDialect::gs_e),
          escpos::presentTicket(PresenterDialect::vkp80, 40, escpos::NotTaken::eject, 32),
          escpos::presenterStatusRequest(PresenterDialect::vkp80)}) {
        job.insert(job.end(), part.begin(), part.end());
    }
    escpos::Decoder decoder;
    std::vector<escpos::Command> commands;
    for (const std::uint8_t byte : job) {  // split anywhere, as TCP may
        for (auto& c : decoder.feed(std::span<const std::uint8_t>(&byte, 1)))
            commands.push_back(std::move(c));
    }
    REQUIRE(commands.size() == 6);
    CHECK(commands[0].kind == Kind::present);
    CHECK(commands[0].present.mm == doctest::Approx(40.0));
    CHECK(commands[0].present.take_timeout_s == 0);  // gs-e: the host times the take
    CHECK(commands[1].kind == Kind::retract);
    CHECK(commands[2].kind == Kind::eject);
    CHECK(commands[3].kind == Kind::presenter_status);
    CHECK(commands[4].kind == Kind::present);
    CHECK(commands[4].present.mm == doctest::Approx(40.0));
    CHECK(commands[4].present.not_taken == 'E');
    CHECK(commands[4].present.take_timeout_s == 32);
    CHECK(commands[5].kind == Kind::status_request);
    CHECK(commands[5].arg == 0x14);
    CHECK(decoder.buffered() == 0);
}

TEST_CASE("an FS P with neither R nor E for what follows the timeout is malformed, and decoding goes on") {
    const Bytes bad = {0x1C, 0x50, 40, 0x01, 'X', 30, 0x1B, 0x40};
    escpos::Decoder decoder;
    const auto commands = decoder.feed(bad);
    REQUIRE(commands.size() == 2);
    CHECK(commands[0].kind == Kind::malformed);
    CHECK(commands[1].kind == Kind::init);
}
