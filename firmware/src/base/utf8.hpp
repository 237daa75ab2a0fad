// The one UTF-8 helper: lengths, decoding with U+FFFD for bad bytes, strict checking, encoding.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace yici::base::utf8 {

// The bytes of the sequence that `lead` starts (1 for ASCII and for a byte that cannot start one).
std::size_t sequenceLength(unsigned char lead);

// The bytes taken by the first `count` characters of `s` (all of it when shorter).
std::size_t prefixBytes(std::string_view s, std::size_t count);
// The bytes of the longest prefix of `s` of at most `max_bytes` that does not cut a character.
std::size_t prefixWithin(std::string_view s, std::size_t max_bytes);

// Code points; every byte that is not part of a well-formed sequence becomes U+FFFD.
std::u32string decode(std::string_view s);

// The number of characters of well-formed UTF-8 without control characters; nullopt otherwise.
std::optional<std::size_t> strictLength(std::string_view s);

void append(std::string& out, char32_t code_point);

}  // namespace yici::base::utf8
