// Fuzz target: the SAM reply frame parser and the ID-card text decoder, fed in random-sized chunks.
#include <cstddef>
#include <cstdint>

#include "idcard/sam/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    yici::sam::ReplyParser parser;
    std::size_t offset = 0;
    while (offset < size) {
        const std::size_t chunk = 1 + (data[offset] % 61);
        const std::size_t n = chunk < size - offset ? chunk : size - offset;
        parser.feed({data + offset, n});
        offset += n;
        while (auto event = parser.next()) {
            if (event->kind != yici::sam::ReplyParser::Event::Kind::frame) continue;
            if (auto split = yici::sam::splitReadData(event->reply.data)) {
                const auto card = yici::sam::decodeCard(*split, "20261127");
                if (card.id_number.size() > 256) __builtin_trap();  // at most 128 UCS-2 characters
                (void)yici::hal::maskIdNumber(card.id_number);
            }
        }
        if (parser.buffered() > yici::sam::max_frame_length + 16) __builtin_trap();  // never hoards bytes
    }
    // The text decoder on its own, on whatever bytes came in.
    (void)yici::sam::decodeCard({{data, data + (size < 256 ? size : 256)}, {}, {}}, "20261127");
    return 0;
}
