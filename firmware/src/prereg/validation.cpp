// Input checks for the details step.
#include "prereg/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace yici::prereg {
namespace {

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Code points in valid UTF-8; nullopt for invalid UTF-8 (or control characters).
std::optional<int> codePoints(std::string_view s) {
    int count = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        if (b < 0x20 || b == 0x7F) return std::nullopt;
        if (b < 0x80) {
            len = 1;
        } else if ((b & 0xE0) == 0xC0 && b >= 0xC2) {
            len = 2;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3;
        } else if ((b & 0xF8) == 0xF0 && b <= 0xF4) {
            len = 4;
        } else {
            return std::nullopt;
        }
        if (i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::nullopt;
        }
        i += len;
        ++count;
    }
    return count;
}

}  // namespace

bool validMobile(std::string_view n) {
    return n.size() == 11 && allDigits(n) && n[0] == '1' && n[1] >= '3' && n[1] <= '9';
}

std::string maskMobile(std::string_view n) {
    if (n.size() < 7) return std::string(n.size(), '*');
    return fmt::format("{}****{}", n.substr(0, 3), n.substr(n.size() - 4));
}

bool validAppointmentCode(std::string_view code) {
    return code.size() >= 6 && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
           });
}

std::optional<std::string> fieldProblem(const catalog::Field& field, std::string_view value) {
    const auto length = codePoints(value);
    if (!length) return "not valid text";
    if (field.kind == catalog::Field::Kind::digits && !allDigits(value)) return "digits only";
    if (*length < field.min_length || *length > field.max_length)
        return fmt::format("needs {} to {} characters", field.min_length, field.max_length);
    return std::nullopt;
}

std::string maskName(std::string_view name) {
    if (name.empty()) return {};
    const auto lead = static_cast<unsigned char>(name[0]);
    const std::size_t first = lead < 0x80 ? 1 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xE0) == 0xC0 ? 2 : 4;
    const int rest = codePoints(name.substr(std::min(first, name.size()))).value_or(1);
    return std::string(name.substr(0, std::min(first, name.size()))) +
           std::string(static_cast<std::size_t>(rest), '*');
}

std::string maskAddress(std::string_view address) {
    std::size_t cut = 0;
    int kept = 0;
    while (cut < address.size() && kept < 6) {
        const auto lead = static_cast<unsigned char>(address[cut]);
        cut += lead < 0x80 ? 1 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xE0) == 0xC0 ? 2 : 4;
        ++kept;
    }
    cut = std::min(cut, address.size());
    const int rest = codePoints(address.substr(cut)).value_or(4);
    return std::string(address.substr(0, cut)) +
           std::string(static_cast<std::size_t>(std::min(rest, 8)), '*');
}

}  // namespace yici::prereg
