// Fuzz target: the text of a QR code held up to the kiosk camera.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/internal/scanned_code.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto code = yici::scan::readScannedCode(text, "https://hall.example.cn/q");
    using Kind = yici::scan::ScannedCode::Kind;
    if (code.kind == Kind::ticket && (code.ticket_number.empty() || code.ticket_number.size() > 12))
        __builtin_trap();
    if (code.kind == Kind::appointment && code.appointment_code.size() > 16) __builtin_trap();
    return 0;
}
