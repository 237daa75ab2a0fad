// Fuzz target: the session, pre-registration, rating and technician bodies. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/internal/prereg_requests.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 6) {
        case 0:
            if (auto id = yici::api::parseServiceChoice(body); id && (id->empty() || id->size() > 64))
                __builtin_trap();
            break;
        case 1:
            if (auto have = yici::api::parseMaterials(body); have && have->size() > 64) __builtin_trap();
            break;
        case 2:
            if (auto d = yici::api::parseDetails(body); d && d->mobile.size() > 32) __builtin_trap();
            break;
        case 4:
            (void)yici::api::parseElderMode(body);  // must not crash; any bool is a valid answer
            break;
        case 5:
            if (auto pin = yici::api::parseTechnicianLogin(body); pin && pin->size() > 64) __builtin_trap();
            break;
        default:
            if (auto r = yici::api::parseRating(body); r && (r->score < 1 || r->score > 5)) __builtin_trap();
            break;
    }
    return 0;
}
