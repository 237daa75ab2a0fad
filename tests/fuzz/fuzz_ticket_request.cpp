// Fuzz target: the citizen API's ticket request (Idempotency-Key header and JSON body).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/tickets_api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const auto split = all.find('\n');
    const std::string_view key = split == std::string_view::npos ? "k" : all.substr(0, split);
    const std::string_view body = split == std::string_view::npos ? all : all.substr(split + 1);
    auto request = yici::api::parseTicketRequest(key, body);
    if (request && (request->service_id.empty() || request->service_id.size() > 64)) __builtin_trap();
    return 0;
}
