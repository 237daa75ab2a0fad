// Fuzz target: board config and hall catalog parsing of arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/hall_catalog.hpp"
#include "config/board_config.hpp"
#include "register_all.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const auto drivers = yici::drivers::allDrivers();
    auto board = yici::config::parseBoardConfig(text, "/fuzz/board.toml", drivers);
    if (!board && board.error().message.empty()) __builtin_trap();  // every refusal says why
    auto hall = yici::catalog::parseHallCatalog(text, "/fuzz/hall.toml");
    if (!hall && hall.error().message.empty()) __builtin_trap();
    return 0;
}
