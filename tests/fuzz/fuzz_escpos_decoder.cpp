// Fuzz target: the ESC/POS stream decoder of the virtual printer, fed in random-sized chunks.
#include <cstddef>
#include <cstdint>

#include "printer/escpos/decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    yici::escpos::Decoder decoder(64 * 1024);
    std::size_t offset = 0;
    while (offset < size) {
        const std::size_t chunk = 1 + (data[offset] % 97);
        const std::size_t n = chunk < size - offset ? chunk : size - offset;
        for (const auto& command : decoder.feed(std::span<const std::uint8_t>(data + offset, n))) {
            if (command.kind == yici::escpos::Command::Kind::raster &&
                command.raster.bits.size() > static_cast<std::size_t>(command.raster.width / 8) *
                                                 static_cast<std::size_t>(command.raster.height)) {
                __builtin_trap();
            }
        }
        offset += n;
    }
    return 0;
}
