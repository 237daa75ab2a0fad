// ESC/POS as pure functions over bytes: the commands a ticket needs and the real-time status replies.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error_code.hpp"
#include "yici/hal/health.hpp"
#include "yici/hal/raster.hpp"

namespace yici::escpos {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint8_t ESC = 0x1B;
inline constexpr std::uint8_t GS = 0x1D;
inline constexpr std::uint8_t DLE = 0x10;
inline constexpr std::uint8_t EOT = 0x04;

enum class QrErrorLevel : std::uint8_t { L = 0x30, M = 0x31, Q = 0x32, H = 0x33 };

Bytes init();                     // ESC @
Bytes align(std::uint8_t n);      // ESC a n: 0 left, 1 centre, 2 right
Bytes feed(std::uint8_t lines);   // ESC d n
Bytes cut(bool partial = false);  // GS V 0 / GS V 1
// GS v 0 in bands of at most max_band_rows rows; a printer's receive buffer limits one band.
Bytes raster(const hal::Raster& image, int max_band_rows = 256);
// GS ( k: model 2, module size, error level, store, print.
Bytes qrCode(std::string_view data, std::uint8_t module_size = 6, QrErrorLevel level = QrErrorLevel::M);
Bytes statusRequest(std::uint8_t n);  // DLE EOT n, n = 1..4
// GS r 1, the paper sensor status. Unlike DLE EOT it is not real-time: the printer answers it only once every
// byte before it is processed, so its answer after a job acknowledges the job's cut.
Bytes paperStatusRequest();

// The four real-time status bytes, decoded.
struct PrinterStatus {
    bool offline = false;
    bool cover_open = false;
    bool feed_button = false;
    bool paper_end_stop = false;
    bool error = false;
    bool cutter_error = false;
    bool unrecoverable_error = false;
    bool auto_recoverable_error = false;
    bool paper_near_end = false;
    bool paper_out = false;
};

// A status reply byte is valid when bits 1 and 4 are set and bit 7 is clear.
bool isStatusByte(std::uint8_t byte);
// A GS r 1 reply has bits 4 and 7 clear (bits 0-1 paper near end, bits 2-3 paper end), so it is never taken
// for a DLE EOT reply.
bool isPaperStatusByte(std::uint8_t byte);

// Decodes replies to DLE EOT 1, 2, 3, 4 (in that order). nullopt when any byte is not a status byte.
std::optional<PrinterStatus> decodeStatus(std::span<const std::uint8_t, 4> replies);

struct StatusVerdict {
    hal::HealthLevel level;
    ErrorCode code;  // hal::Errc::ok, printer_paper_near_end, printer_out_of_paper, ...
    std::string detail;
};

// What a status means for issuing tickets: critical faults refuse tickets, near end only warns.
StatusVerdict classify(const PrinterStatus& status);

}  // namespace yici::escpos
