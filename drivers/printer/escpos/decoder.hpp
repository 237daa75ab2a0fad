// Incremental ESC/POS stream decoder: turns a printer's input bytes back into commands.
// Used by the virtual printer; every byte it sees comes from outside, so it never trusts a length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "codec.hpp"
#include "yici/hal/raster.hpp"

namespace yici::escpos {

struct Command {
    enum class Kind {
        init,
        align,
        feed,
        cut,
        raster,
        qr_model,
        qr_module_size,
        qr_error_level,
        qr_store,
        qr_print,
        status_request,        // DLE EOT n, answered at once
        paper_status_request,  // GS r n, answered once everything before it is printed
        present,               // GS e 3 m, FS P n b a t: the cut ticket into the mouth (see `present`)
        retract,               // GS e 2
        eject,                 // GS e 5
        presenter_status,      // GS e 6, answered at once with one byte
        text,
        other,
        malformed,
    };
    Kind kind = Kind::other;
    std::uint8_t arg = 0;  // align n, feed lines, cut mode, status n, GS r n, QR module size / level
    hal::Raster raster;    // Kind::raster
    std::string data;      // QR data, text bytes
    struct Present {
        double mm = 0;           // how far out of the mouth
        char not_taken = 0;      // FS P: 'R' retract or 'E' eject a ticket still there after the timeout
        int take_timeout_s = 0;  // FS P: the printer times the take; GS e: 0, the host does
    } present;                   // Kind::present
};

class Decoder {
  public:
    // Raster bands larger than this are refused as malformed (a hostile length must not exhaust memory).
    explicit Decoder(std::size_t max_raster_bytes = 4 * 1024 * 1024) : max_raster_bytes_(max_raster_bytes) {}

    // Consumes bytes and returns every complete command; an incomplete tail waits for more bytes.
    std::vector<Command> feed(std::span<const std::uint8_t> bytes);
    std::size_t buffered() const { return buffer_.size() - pos_; }

  private:
    // Decodes one command at pos_; returns false when more bytes are needed.
    bool decodeOne(std::vector<Command>& out);
    bool decodeEsc(std::vector<Command>& out);
    bool decodeGs(std::vector<Command>& out);
    bool decodeRaster(std::vector<Command>& out);
    bool decodeGsParen(std::vector<Command>& out);
    bool decodeGsE(std::vector<Command>& out);
    bool decodeFs(std::vector<Command>& out);
    std::size_t available() const { return buffer_.size() - pos_; }
    std::uint8_t at(std::size_t offset) const { return buffer_[pos_ + offset]; }

    std::size_t max_raster_bytes_;
    Bytes buffer_;
    std::size_t pos_ = 0;
};

}  // namespace yici::escpos
