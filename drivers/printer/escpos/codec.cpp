// ESC/POS command encoding and status decoding (Epson ESC/POS reference, python-escpos constants).
#include "codec.hpp"

#include <algorithm>

#include "yici/hal/errors.hpp"

namespace yici::escpos {
namespace {

std::uint8_t lo(std::size_t v) {
    return static_cast<std::uint8_t>(v & 0xFF);
}
std::uint8_t hi(std::size_t v) {
    return static_cast<std::uint8_t>((v >> 8) & 0xFF);
}

void qrFunction(Bytes& out, std::uint8_t fn, std::span<const std::uint8_t> params) {
    const std::size_t len = params.size() + 2;  // cn + fn + params
    out.insert(out.end(), {GS, 0x28, 0x6B, lo(len), hi(len), 0x31, fn});
    out.insert(out.end(), params.begin(), params.end());
}

}  // namespace

Bytes init() {
    return {ESC, 0x40};
}
Bytes align(std::uint8_t n) {
    return {ESC, 0x61, n};
}
Bytes feed(std::uint8_t lines) {
    return {ESC, 0x64, lines};
}
Bytes cut(bool partial) {
    return {GS, 0x56, static_cast<std::uint8_t>(partial ? 0x01 : 0x00)};
}
Bytes statusRequest(std::uint8_t n) {
    return {DLE, EOT, n};
}

Bytes paperStatusRequest() {
    return {GS, 0x72, 0x01};
}

Bytes raster(const hal::Raster& image, int max_band_rows) {
    Bytes out;
    const auto row_bytes = static_cast<std::size_t>(image.bytesPerRow());
    out.reserve(image.bits.size() + 8 * static_cast<std::size_t>(image.height / max_band_rows + 1));
    for (int top = 0; top < image.height; top += max_band_rows) {
        const auto rows = static_cast<std::size_t>(std::min(max_band_rows, image.height - top));
        out.insert(out.end(), {GS, 0x76, 0x30, 0x00, lo(row_bytes), hi(row_bytes), lo(rows), hi(rows)});
        const auto begin =
            image.bits.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(top) * row_bytes);
        out.insert(out.end(), begin, begin + static_cast<std::ptrdiff_t>(rows * row_bytes));
    }
    return out;
}

Bytes qrCode(std::string_view data, std::uint8_t module_size, QrErrorLevel level) {
    Bytes out;
    const std::uint8_t model[] = {0x32, 0x00};
    const std::uint8_t size[] = {module_size};
    const std::uint8_t ec[] = {static_cast<std::uint8_t>(level)};
    qrFunction(out, 0x41, model);
    qrFunction(out, 0x43, size);
    qrFunction(out, 0x45, ec);
    Bytes store{0x30};
    store.insert(store.end(), data.begin(), data.end());
    qrFunction(out, 0x50, store);
    const std::uint8_t print[] = {0x30};
    qrFunction(out, 0x51, print);
    return out;
}

bool isStatusByte(std::uint8_t byte) {
    return (byte & 0x12) == 0x12 && (byte & 0x80) == 0;
}

bool isPaperStatusByte(std::uint8_t byte) {
    return (byte & 0x90) == 0;
}

std::optional<PrinterStatus> decodeStatus(std::span<const std::uint8_t, 4> r) {
    if (!std::all_of(r.begin(), r.end(), isStatusByte)) return std::nullopt;
    PrinterStatus s;
    s.offline = (r[0] & 0x08) != 0;
    s.cover_open = (r[1] & 0x04) != 0;
    s.feed_button = (r[1] & 0x08) != 0;
    s.paper_end_stop = (r[1] & 0x20) != 0;
    s.error = (r[1] & 0x40) != 0;
    s.cutter_error = (r[2] & 0x08) != 0;
    s.unrecoverable_error = (r[2] & 0x20) != 0;
    s.auto_recoverable_error = (r[2] & 0x40) != 0;
    s.paper_near_end = (r[3] & 0x0C) != 0;
    s.paper_out = (r[3] & 0x60) != 0;
    return s;
}

StatusVerdict classify(const PrinterStatus& s) {
    using L = hal::HealthLevel;
    if (s.paper_out || s.paper_end_stop)
        return {L::critical, hal::Errc::printer_out_of_paper, "paper sensor reports no paper"};
    if (s.cover_open) return {L::critical, hal::Errc::printer_cover_open, "printer cover is open"};
    if (s.cutter_error || s.auto_recoverable_error)
        return {L::critical, hal::Errc::printer_jam, "cutter error or paper jam"};
    if (s.unrecoverable_error || s.error)
        return {L::critical, hal::Errc::printer_error, "printer reports an error"};
    if (s.offline) return {L::critical, hal::Errc::printer_offline, "printer reports off-line"};
    if (s.paper_near_end)
        return {L::warning, hal::Errc::printer_paper_near_end, "paper roll is nearly used up"};
    return {L::ok, hal::Errc::ok, ""};
}

}  // namespace yici::escpos
