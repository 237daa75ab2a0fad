// UTF-8 as RFC 3629 defines it (no overlong two-byte leads, nothing above U+10FFFF).
#include "base/utf8.hpp"

#include <algorithm>

namespace yici::base::utf8 {
namespace {

bool continuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

// The length of a well-formed sequence at `at`, 0 when the bytes there are not one.
std::size_t wellFormed(std::string_view s, std::size_t at) {
    const auto b = static_cast<unsigned char>(s[at]);
    std::size_t len = 0;
    if (b < 0x80) {
        len = 1;
    } else if ((b & 0xE0) == 0xC0 && b >= 0xC2) {
        len = 2;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3;
    } else if ((b & 0xF8) == 0xF0 && b <= 0xF4) {
        len = 4;
    } else {
        return 0;
    }
    if (at + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if (!continuation(static_cast<unsigned char>(s[at + k]))) return 0;
    }
    return len;
}

}  // namespace

std::size_t sequenceLength(unsigned char lead) {
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

std::size_t prefixBytes(std::string_view s, std::size_t count) {
    std::size_t at = 0;
    for (std::size_t n = 0; n < count && at < s.size(); ++n) {
        at += sequenceLength(static_cast<unsigned char>(s[at]));
    }
    return std::min(at, s.size());
}

std::size_t prefixWithin(std::string_view s, std::size_t max_bytes) {
    std::size_t at = 0;
    while (at < s.size()) {
        const std::size_t after = at + sequenceLength(static_cast<unsigned char>(s[at]));
        if (after > max_bytes) break;
        at = after;
    }
    return std::min(at, s.size());
}

std::u32string decode(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = wellFormed(s, i);
        if (len == 0) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        const auto lead = static_cast<unsigned char>(s[i]);
        char32_t cp = len == 1 ? lead : (lead & (0x7Fu >> len));
        for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::optional<std::size_t> strictLength(std::string_view s) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size(); ++count) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x20 || b == 0x7F) return std::nullopt;
        const std::size_t len = wellFormed(s, i);
        if (len == 0) return std::nullopt;
        i += len;
    }
    return count;
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace yici::base::utf8
