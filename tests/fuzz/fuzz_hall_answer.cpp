// Fuzz target: the hall server's answers (the events ack list and the ticket answer). The first byte
// picks the parser.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "hall/hall_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] % 2 == 0) {
        static const std::vector<std::string> sent = {"20261128-A001/issued", "20261128-A002/issued",
                                                      "20261128-K7M2QX/created"};
        const auto acks = yici::hall::parseAcks(body, sent);
        // Only ids we sent, each once, in our order.
        std::set<std::string> unique(acks.acked.begin(), acks.acked.end());
        if (unique.size() != acks.acked.size() || acks.acked.size() > sent.size()) __builtin_trap();
        if (!acks.valid && (!acks.acked.empty() || !acks.rejected.empty())) __builtin_trap();
        // Per-event answers: each id acked or rejected, never both; reasons short and without control bytes.
        for (const auto& r : acks.rejected) {
            if (unique.contains(r.id) || !unique.insert(r.id).second || r.reason.size() > 200)
                __builtin_trap();
            for (const char c : r.reason) {
                if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();
            }
        }
        if (unique.size() > sent.size()) __builtin_trap();
    } else {
        const auto ticket = yici::hall::parseTicketAnswer(body);
        if (ticket.valid && (ticket.number.empty() || ticket.number.size() > 16 || ticket.waiting_ahead < 0))
            __builtin_trap();
    }
    return 0;
}
