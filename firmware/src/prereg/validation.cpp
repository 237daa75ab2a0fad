// Input checks for the details step.
#include "prereg/validation.hpp"
#include "base/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace yici::prereg {
namespace {

bool allDigits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
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
    const auto length = base::utf8::strictLength(value);
    if (!length) return "not valid text";
    if (field.kind == catalog::Field::Kind::digits && !allDigits(value)) return "digits only";
    const auto n = static_cast<long>(*length);
    if (n < field.min_length || n > field.max_length)
        return fmt::format("needs {} to {} characters", field.min_length, field.max_length);
    return std::nullopt;
}

std::string maskName(std::string_view name) {
    if (name.empty()) return {};
    const std::size_t first = base::utf8::prefixBytes(name, 1);
    const std::size_t rest = base::utf8::strictLength(name.substr(first)).value_or(1);
    return std::string(name.substr(0, first)) + std::string(rest, '*');
}

}  // namespace yici::prereg
