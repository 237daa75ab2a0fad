// USB printer-class framing: transfer plan, endpoint choice, port status.
#include "usb_framing.hpp"

#include <algorithm>

namespace yici::escpos {

std::vector<UsbChunk> planBulkOut(std::size_t total, std::size_t max_transfer, std::size_t max_packet) {
    std::vector<UsbChunk> plan;
    if (max_packet == 0) return plan;
    max_transfer = std::max(max_packet, max_transfer - max_transfer % max_packet);
    for (std::size_t offset = 0; offset < total; offset += max_transfer) {
        plan.push_back({offset, std::min(max_transfer, total - offset)});
    }
    if (total > 0 && total % max_packet == 0) plan.push_back({total, 0});
    return plan;
}

std::optional<UsbPrinterEndpoints> findPrinterEndpoints(std::span<const UsbInterfaceDesc> interfaces) {
    for (const auto& itf : interfaces) {
        if (itf.interface_class != 7) continue;
        UsbPrinterEndpoints found;
        found.interface_number = itf.number;
        found.alt_setting = itf.alt_setting;
        bool has_out = false;
        for (const auto& ep : itf.endpoints) {
            if ((ep.attributes & 0x03) != 0x02) continue;
            if ((ep.address & 0x80) != 0) {
                if (!found.bulk_in) found.bulk_in = ep.address;
            } else if (!has_out) {
                found.bulk_out = ep.address;
                found.out_max_packet = ep.max_packet;
                has_out = true;
            }
        }
        if (has_out) return found;
    }
    return std::nullopt;
}

UsbPortStatus decodePortStatus(std::uint8_t byte) {
    return UsbPortStatus{(byte & 0x20) != 0, (byte & 0x10) != 0, (byte & 0x08) == 0};
}

}  // namespace yici::escpos
