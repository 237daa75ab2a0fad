// The ticket presenter's two dialects, byte for byte against HARDWARE.md and Custom's manuals.
#include <doctest/doctest.h>

#include <array>

#include "printer/escpos/presenter_codec.hpp"

using namespace yici;
using escpos::Bytes;
using escpos::NotTaken;
using escpos::PresenterDialect;

TEST_CASE("gs-e: present in 0.625 mm steps, retract, eject and the status request are GS e n [m]") {
    CHECK(escpos::presentTicket(PresenterDialect::gs_e, 40, NotTaken::retract, 30) ==
          Bytes{0x1D, 0x65, 0x03, 64});
    CHECK(escpos::presentTicket(PresenterDialect::gs_e, 1, NotTaken::eject, 30) ==
          Bytes{0x1D, 0x65, 0x03, 2});
    CHECK(escpos::presentTicket(PresenterDialect::gs_e, 500, NotTaken::retract, 30) ==
          Bytes{0x1D, 0x65, 0x03, 255});  // at most 255 steps
    CHECK(escpos::retractTicket() == Bytes{0x1D, 0x65, 0x02});
    CHECK(escpos::ejectTicket() == Bytes{0x1D, 0x65, 0x05});
    CHECK(escpos::presenterStatusRequest(PresenterDialect::gs_e) == Bytes{0x1D, 0x65, 0x06});
    CHECK(escpos::presenterReplySize(PresenterDialect::gs_e) == 1);
}

TEST_CASE("vkp80: FS P presents n mm with the mouth blinking and hands the printer the take's timeout") {
    CHECK(escpos::presentTicket(PresenterDialect::vkp80, 40, NotTaken::retract, 30) ==
          Bytes{0x1C, 0x50, 40, 0x01, 'R', 30});
    CHECK(escpos::presentTicket(PresenterDialect::vkp80, 40, NotTaken::eject, 300) ==
          Bytes{0x1C, 0x50, 40, 0x01, 'E', 255});  // the printer counts at most 255 s
    CHECK(escpos::presenterStatusRequest(PresenterDialect::vkp80) == Bytes{0x10, 0x04, 0x14});
    CHECK(escpos::presenterReplySize(PresenterDialect::vkp80) == 6);
}

TEST_CASE("gs-e: the ejector status byte, bit by bit") {
    const auto decode = [](std::uint8_t b) {
        const std::array<std::uint8_t, 1> reply{b};
        auto s = escpos::decodePresenterStatus(PresenterDialect::gs_e, reply);
        REQUIRE(s.has_value());
        return *s;
    };
    const auto idle = decode(0x04);  // paper present, mouth empty
    CHECK_FALSE(idle.ticket_in_mouth);
    CHECK_FALSE(idle.paper_out);
    CHECK_FALSE(idle.jam);
    CHECK_FALSE(idle.moving);
    CHECK(decode(0x0C).ticket_in_mouth);
    CHECK(decode(0x05).paper_near_end);
    CHECK(decode(0x00).paper_out);  // bit 2 clear: no paper
    CHECK(decode(0x14).moving);     // printer motor
    CHECK(decode(0x24).moving);     // ejector motor
    CHECK(decode(0x44).error);
    CHECK(decode(0x84).jam);
    CHECK_FALSE(
        escpos::decodePresenterStatus(PresenterDialect::gs_e, std::array<std::uint8_t, 2>{0x04, 0x04}));
}

TEST_CASE("vkp80: the 6-byte full status 10 0F P U R E") {
    const auto decode = [](std::array<std::uint8_t, 6> reply) {
        return escpos::decodePresenterStatus(PresenterDialect::vkp80, reply);
    };
    const auto idle = decode({0x10, 0x0F, 0x00, 0x00, 0x00, 0x00});
    REQUIRE(idle.has_value());
    CHECK_FALSE(idle->ticket_in_mouth);
    CHECK_FALSE(idle->paper_out);
    CHECK(decode({0x10, 0x0F, 0x20, 0x00, 0x00, 0x00})->ticket_in_mouth);
    CHECK(decode({0x10, 0x0F, 0x01, 0x00, 0x00, 0x00})->paper_out);
    CHECK(decode({0x10, 0x0F, 0x04, 0x00, 0x00, 0x00})->paper_near_end);
    CHECK(decode({0x10, 0x0F, 0x00, 0x03, 0x00, 0x00})->cover_open);
    CHECK(decode({0x10, 0x0F, 0x00, 0x00, 0x40, 0x00})->jam);
    CHECK(decode({0x10, 0x0F, 0x00, 0x00, 0x01, 0x00})->error);             // head too hot
    CHECK(decode({0x10, 0x0F, 0x00, 0x00, 0x00, 0x01})->error);             // cutter
    CHECK_FALSE(decode({0x10, 0x0E, 0x20, 0x00, 0x00, 0x00}).has_value());  // not the full status header
    CHECK_FALSE(escpos::decodePresenterStatus(PresenterDialect::vkp80, std::array<std::uint8_t, 1>{0x20}));
}

TEST_CASE("the board names the dialects gs-e and vkp80, and nothing else") {
    CHECK(escpos::presenterDialectFrom("gs-e") == PresenterDialect::gs_e);
    CHECK(escpos::presenterDialectFrom("vkp80") == PresenterDialect::vkp80);
    CHECK_FALSE(escpos::presenterDialectFrom("GS-E").has_value());
    CHECK(escpos::presenterDialectName(PresenterDialect::vkp80) == "vkp80");
}
