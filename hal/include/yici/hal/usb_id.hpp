// A USB vendor or product id as board configs (usb://04b8:0202, usb:1a86:7523) and sysfs (idVendor) write it.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace yici::hal {

// Exactly four hex digits, either case; nullopt for anything else.
inline std::optional<std::uint16_t> parseUsbId(std::string_view hex) {
    std::uint16_t id = 0;
    if (hex.size() != 4) return std::nullopt;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), id, 16);
    if (ec != std::errc{} || end != hex.data() + hex.size()) return std::nullopt;
    return id;
}

}  // namespace yici::hal
