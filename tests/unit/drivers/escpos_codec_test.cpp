// ESC/POS codec, byte for byte against HARDWARE.md.
#include <doctest/doctest.h>

#include <array>

#include "printer/escpos/codec.hpp"
#include "yici/hal/errors.hpp"

using namespace yici;
using escpos::Bytes;

TEST_CASE("basic commands encode as the ESC/POS reference gives them") {
    CHECK(escpos::init() == Bytes{0x1B, 0x40});
    CHECK(escpos::align(1) == Bytes{0x1B, 0x61, 0x01});
    CHECK(escpos::feed(3) == Bytes{0x1B, 0x64, 0x03});
    CHECK(escpos::cut() == Bytes{0x1D, 0x56, 0x00});
    CHECK(escpos::cut(true) == Bytes{0x1D, 0x56, 0x01});
    CHECK(escpos::statusRequest(4) == Bytes{0x10, 0x04, 0x04});
    CHECK(escpos::paperStatusRequest() == Bytes{0x1D, 0x72, 0x01});
}

TEST_CASE("a raster image is GS v 0 with little-endian byte width and height, MSB leftmost") {
    hal::Raster image(16, 2);
    image.set(0, 0, true);   // leftmost dot of row 0 → 0x80 in byte 0
    image.set(15, 1, true);  // rightmost dot of row 1 → 0x01 in byte 3
    CHECK(escpos::raster(image) ==
          Bytes{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x00, 0x00, 0x01});
}

TEST_CASE("a tall raster is sent in bands the printer's buffer can hold") {
    hal::Raster image(576, 600);
    const Bytes bytes = escpos::raster(image, 256);
    CHECK(bytes.size() == 3 * 8 + 72 * 600);
    CHECK(Bytes(bytes.begin(), bytes.begin() + 8) ==
          Bytes{0x1D, 0x76, 0x30, 0x00, 72, 0x00, 0x00, 0x01});  // 256 rows
    const auto third = bytes.begin() + 2 * (8 + 72 * 256);
    CHECK(Bytes(third, third + 8) == Bytes{0x1D, 0x76, 0x30, 0x00, 72, 0x00, 88, 0x00});  // 600 - 512 rows
}

TEST_CASE("a QR code is model 2, module size, error level, store and print") {
    const Bytes expected = {
        0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,       // model 2
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06,             // module size 6
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x31,             // level M
        0x1D, 0x28, 0x6B, 0x05, 0x00, 0x31, 0x50, 0x30, 'A',  'B',  // store "AB": pL = len + 3
        0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30,             // print
    };
    CHECK(escpos::qrCode("AB") == expected);
}

TEST_CASE("status bytes: a healthy printer") {
    const std::array<std::uint8_t, 4> ok = {0x12, 0x12, 0x12, 0x12};
    auto s = escpos::decodeStatus(ok);
    REQUIRE(s.has_value());
    CHECK(escpos::classify(*s).level == hal::HealthLevel::ok);
}

TEST_CASE("status bytes: paper near end warns, paper out is critical") {
    const std::array<std::uint8_t, 4> near = {0x12, 0x12, 0x12, 0x1E};
    CHECK(escpos::classify(*escpos::decodeStatus(near)).code == hal::Errc::printer_paper_near_end);
    CHECK(escpos::classify(*escpos::decodeStatus(near)).level == hal::HealthLevel::warning);
    const std::array<std::uint8_t, 4> out = {0x12, 0x32, 0x12, 0x72};
    CHECK(escpos::classify(*escpos::decodeStatus(out)).code == hal::Errc::printer_out_of_paper);
    CHECK(escpos::classify(*escpos::decodeStatus(out)).level == hal::HealthLevel::critical);
}

TEST_CASE("status bytes: cover open, jam and offline") {
    const std::array<std::uint8_t, 4> cover = {0x1A, 0x16, 0x12, 0x12};
    CHECK(escpos::classify(*escpos::decodeStatus(cover)).code == hal::Errc::printer_cover_open);
    const std::array<std::uint8_t, 4> jam = {0x1A, 0x52, 0x1A, 0x12};
    CHECK(escpos::classify(*escpos::decodeStatus(jam)).code == hal::Errc::printer_jam);
    const std::array<std::uint8_t, 4> offline = {0x1A, 0x12, 0x12, 0x12};
    CHECK(escpos::classify(*escpos::decodeStatus(offline)).code == hal::Errc::printer_offline);
}

TEST_CASE("bytes that are not status replies are refused, not guessed") {
    const std::array<std::uint8_t, 4> garbage = {0x12, 0x12, 0x92, 0x12};  // bit 7 set
    CHECK_FALSE(escpos::decodeStatus(garbage).has_value());
    const std::array<std::uint8_t, 4> text = {'O', 'K', '\r', '\n'};
    CHECK_FALSE(escpos::decodeStatus(text).has_value());
}

TEST_CASE("a paper status reply (GS r 1) is never taken for a real-time status reply, nor the other way") {
    const std::array<std::uint8_t, 4> replies = {0x00, 0x03, 0x0C, 0x0F};  // ok, near end, end, both
    for (const std::uint8_t paper : replies) {
        CHECK(escpos::isPaperStatusByte(paper));
        CHECK_FALSE(escpos::isStatusByte(paper));
    }
    const std::array<std::uint8_t, 3> realtime = {0x12, 0x1E, 0x72};
    for (const std::uint8_t byte : realtime) CHECK_FALSE(escpos::isPaperStatusByte(byte));
}
