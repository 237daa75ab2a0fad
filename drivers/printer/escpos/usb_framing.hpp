// USB printer-class framing, kept apart from libusb so it is tested without a bus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace yici::escpos {

struct UsbChunk {
    std::size_t offset = 0;
    std::size_t length = 0;  // 0: a zero-length packet that ends the transfer
    bool operator==(const UsbChunk&) const = default;
};

// Splits a job into bulk OUT transfers of at most max_transfer bytes (a multiple of max_packet).
// A job that ends exactly on a packet boundary gets a zero-length packet so the device sees its end.
std::vector<UsbChunk> planBulkOut(std::size_t total, std::size_t max_transfer, std::size_t max_packet);

struct UsbEndpointDesc {
    std::uint8_t address = 0;     // bit 7 set: IN
    std::uint8_t attributes = 0;  // low two bits 2: bulk
    std::uint16_t max_packet = 0;
};

struct UsbInterfaceDesc {
    std::uint8_t number = 0;
    std::uint8_t alt_setting = 0;
    std::uint8_t interface_class = 0;  // 7: printer
    std::vector<UsbEndpointDesc> endpoints;
};

struct UsbPrinterEndpoints {
    std::uint8_t interface_number = 0;
    std::uint8_t alt_setting = 0;
    std::uint8_t bulk_out = 0;
    std::optional<std::uint8_t> bulk_in;  // unidirectional printers have none: no status
    std::uint16_t out_max_packet = 64;
    bool operator==(const UsbPrinterEndpoints&) const = default;
};

// The first printer-class interface with a bulk OUT endpoint (and its bulk IN, when bidirectional).
std::optional<UsbPrinterEndpoints> findPrinterEndpoints(std::span<const UsbInterfaceDesc> interfaces);

// GET_PORT_STATUS (printer class request 1) reply byte.
struct UsbPortStatus {
    bool paper_empty = false;  // bit 5
    bool selected = false;     // bit 4
    bool error = false;        // bit 3 is "not error"
};
UsbPortStatus decodePortStatus(std::uint8_t byte);

}  // namespace yici::escpos
