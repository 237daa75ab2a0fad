// The SAM module protocol of second-generation ID-card readers as pure functions over bytes: request
// frames, reply frames (found again after garbage), status words, and the card's text block.
// Free of std::expected on purpose, so clang can build it for libFuzzer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "yici/hal/id_card_reader.hpp"

namespace yici::sam {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint8_t preamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t max_frame_length = 4096;  // the longest real reply (with fingerprints) is 2321

// CMD and PARA of the host → reader commands in HARDWARE.md.
enum class Command : std::uint16_t {
    reset = 0x10FF,
    sam_status = 0x11FF,
    read_sam_id = 0x12FF,
    find_card = 0x2001,
    select_card = 0x2002,
    read_text_photo = 0x3001,
    read_text_photo_fingerprint = 0x3010,
    read_extra_address = 0x3003,
};

// AA AA AA 96 69 | LEN_H LEN_L | CMD | PARA | DATA… | CHK
Bytes request(Command command, std::span<const std::uint8_t> data = {});

// XOR of every byte after the preamble except CHK itself.
std::uint8_t checksum(std::span<const std::uint8_t> after_preamble_without_chk);

// SW3 values; SW1 SW2 are 00 00.
namespace sw3 {
inline constexpr std::uint8_t success = 0x90;
inline constexpr std::uint8_t card_found = 0x9F;
inline constexpr std::uint8_t no_card = 0x80;
inline constexpr std::uint8_t select_failed = 0x81;
}  // namespace sw3

// A stable snake_case name for a status byte ("no_card_found", "checksum_error", …; "unknown_status").
std::string_view statusName(std::uint8_t sw3);

struct Reply {
    std::uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
    Bytes data;
    bool ok() const { return sw1 == 0 && sw2 == 0 && (sw3 == sw3::success || sw3 == sw3::card_found); }
};

// Finds reply frames in a byte stream: skips garbage up to the next preamble, checks length and XOR.
class ReplyParser {
  public:
    struct Event {
        enum class Kind { frame, garbage, bad_checksum, bad_length } kind = Kind::frame;
        Reply reply;              // Kind::frame
        std::size_t skipped = 0;  // bytes dropped to resynchronise
    };

    // The bytes hold card data: every byte the parser lets go of (consumed, cleared, or left behind by
    // growing) is overwritten first.
    ReplyParser() = default;
    ~ReplyParser();
    ReplyParser(const ReplyParser&) = delete;
    ReplyParser& operator=(const ReplyParser&) = delete;

    void feed(std::span<const std::uint8_t> bytes);
    // The next frame or problem; nullopt when more bytes are needed.
    std::optional<Event> next();
    void clear();
    std::size_t buffered() const { return buffer_.size(); }
    // All the memory the parser holds, used or not (for tests: no card is left in it).
    std::span<const std::uint8_t> allocated() const { return {buffer_.data(), buffer_.capacity()}; }

  private:
    void consume(std::size_t n);

    Bytes buffer_;
};

// Text (256 bytes UCS-2LE), photo (WLT) and fingerprint of a read reply's data, as the reader sends them.
struct CardData {
    Bytes text, photo, fingerprint;
};
// Splits the data of a 30 01 / 30 10 reply. Readers differ in where FP_LEN sits (after the photo, or
// beside TEXT_LEN and PHOTO_LEN): both layouts are accepted when the lengths add up.
std::optional<CardData> splitReadData(std::span<const std::uint8_t> data);

// UCS-2LE to UTF-8; unpaired surrogates become U+FFFD.
std::string ucs2ToUtf8(std::span<const std::uint8_t> ucs2);

// Decodes the 256-byte text block of any of the four card types and validates it against `today`
// (YYYYMMDD, local): expired flagged, ID number checked. Photo and fingerprint are kept as bytes.
hal::IdCard decodeCard(const CardData& data, std::string_view today);

// The reader's side, for the virtual reader and tests: a reply frame, and a card's 256-byte text block.
Bytes replyFrame(std::uint8_t sw3, std::span<const std::uint8_t> data = {});
Bytes encodeText(const hal::IdCard& card);
// Data of a 30 01 reply (TEXT_LEN PHOTO_LEN text photo) or, with fingerprints, of 30 10 (FP_LEN after the
// photo).
Bytes readData(const hal::IdCard& card, bool with_fingerprint);

}  // namespace yici::sam
