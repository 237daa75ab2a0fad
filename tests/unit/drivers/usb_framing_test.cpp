// USB printer-class framing: transfer plan, endpoint choice and port status, without a bus.
#include <doctest/doctest.h>

#include "printer/escpos/usb_framing.hpp"

using namespace yici::escpos;

TEST_CASE("a job is split into bulk transfers of at most the transfer size") {
    CHECK(planBulkOut(40010, 16384, 64) == std::vector<UsbChunk>{{0, 16384}, {16384, 16384}, {32768, 7242}});
}

TEST_CASE("a job ending on a packet boundary gets a zero-length packet") {
    CHECK(planBulkOut(128, 16384, 64) == std::vector<UsbChunk>{{0, 128}, {128, 0}});
    CHECK(planBulkOut(100, 16384, 64) == std::vector<UsbChunk>{{0, 100}});
    CHECK(planBulkOut(0, 16384, 64).empty());
}

TEST_CASE("the transfer size is rounded down to whole packets") {
    CHECK(planBulkOut(1000, 500, 64) == std::vector<UsbChunk>{{0, 448}, {448, 448}, {896, 104}});
}

TEST_CASE("the printer-class interface and its bulk endpoints are found") {
    const std::vector<UsbInterfaceDesc> interfaces = {
        {0, 0, 0xFF, {{0x81, 0x03, 8}}},                      // vendor interface with an interrupt IN
        {1, 0, 0x07, {{0x82, 0x02, 64}, {0x02, 0x02, 512}}},  // printer class: bulk IN 0x82, bulk OUT 0x02
    };
    const auto found = findPrinterEndpoints(interfaces);
    REQUIRE(found.has_value());
    CHECK(found->interface_number == 1);
    CHECK(found->bulk_out == 0x02);
    CHECK(found->bulk_in == std::optional<std::uint8_t>(0x82));
    CHECK(found->out_max_packet == 512);
}

TEST_CASE("a unidirectional printer has no status endpoint; a device without printer class is refused") {
    const std::vector<UsbInterfaceDesc> one_way = {{0, 0, 0x07, {{0x01, 0x02, 64}}}};
    CHECK_FALSE(findPrinterEndpoints(one_way)->bulk_in.has_value());
    const std::vector<UsbInterfaceDesc> storage = {{0, 0, 0x08, {{0x01, 0x02, 64}, {0x81, 0x02, 64}}}};
    CHECK_FALSE(findPrinterEndpoints(storage).has_value());
}

TEST_CASE("GET_PORT_STATUS: paper empty, selected, error") {
    const auto ok = decodePortStatus(0x18);
    CHECK_FALSE(ok.paper_empty);
    CHECK(ok.selected);
    CHECK_FALSE(ok.error);
    const auto empty = decodePortStatus(0x30);
    CHECK(empty.paper_empty);
    CHECK(empty.error);
}
