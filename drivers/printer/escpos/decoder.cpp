// ESC/POS stream decoder for the virtual printer.
#include "decoder.hpp"

namespace yici::escpos {
namespace {

bool isControl(std::uint8_t b) {
    return b == ESC || b == GS || b == DLE || b == 0x1C;
}

Command simple(Command::Kind kind, std::uint8_t arg = 0) {
    Command c;
    c.kind = kind;
    c.arg = arg;
    return c;
}

}  // namespace

std::vector<Command> Decoder::feed(std::span<const std::uint8_t> bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    std::vector<Command> out;
    while (available() > 0 && decodeOne(out)) {
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
    return out;
}

bool Decoder::decodeOne(std::vector<Command>& out) {
    const std::uint8_t b = at(0);
    if (b == ESC) return decodeEsc(out);
    if (b == GS) return decodeGs(out);
    if (b == DLE) {
        if (available() < 3) return false;
        if (at(1) == EOT) {
            out.push_back(simple(Command::Kind::status_request, at(2)));
            pos_ += 3;
        } else {
            out.push_back(simple(Command::Kind::other, at(1)));
            pos_ += 2;
        }
        return true;
    }
    if (b == 0x1C) return decodeFs(out);
    Command text;
    text.kind = Command::Kind::text;
    while (available() > 0 && !isControl(at(0))) {
        text.data.push_back(static_cast<char>(at(0)));
        ++pos_;
    }
    out.push_back(std::move(text));
    return true;
}

bool Decoder::decodeEsc(std::vector<Command>& out) {
    if (available() < 2) return false;
    switch (at(1)) {
        case 0x40:
            out.push_back(simple(Command::Kind::init));
            pos_ += 2;
            return true;
        case 0x61:
        case 0x64:
        case 0x45:
        case 0x21:
        case 0x4A:
            if (available() < 3) return false;
            out.push_back(simple(at(1) == 0x61   ? Command::Kind::align
                                 : at(1) == 0x64 ? Command::Kind::feed
                                                 : Command::Kind::other,
                                 at(2)));
            pos_ += 3;
            return true;
        default:
            out.push_back(simple(Command::Kind::other, at(1)));
            pos_ += 2;
            return true;
    }
}

bool Decoder::decodeGs(std::vector<Command>& out) {
    if (available() < 2) return false;
    switch (at(1)) {
        case 0x56: {  // GS V m [n]
            if (available() < 3) return false;
            const std::uint8_t m = at(2);
            const bool with_feed = m == 0x41 || m == 0x42 || m == 0x61 || m == 0x62 || m == 65 || m == 66;
            if (with_feed && available() < 4) return false;
            out.push_back(simple(Command::Kind::cut, m));
            pos_ += with_feed ? 4 : 3;
            return true;
        }
        case 0x76:
            return decodeRaster(out);
        case 0x28:
            return decodeGsParen(out);
        case 0x65:
            return decodeGsE(out);
        case 0x72:  // GS r n
            if (available() < 3) return false;
            out.push_back(simple(Command::Kind::paper_status_request, at(2)));
            pos_ += 3;
            return true;
        case 0x21:
        case 0x61:
        case 0x42:
            if (available() < 3) return false;
            out.push_back(simple(Command::Kind::other, at(1)));
            pos_ += 3;
            return true;
        default:
            out.push_back(simple(Command::Kind::other, at(1)));
            pos_ += 2;
            return true;
    }
}

// GS e n [m], the presenter of Custom's KPM family: 2 retract, 3 m present m steps of 0.625 mm, 5 eject,
// 6 status. Other n take no parameter here.
bool Decoder::decodeGsE(std::vector<Command>& out) {
    if (available() < 3) return false;
    const std::uint8_t n = at(2);
    if (n == 0x03) {
        if (available() < 4) return false;
        Command c = simple(Command::Kind::present, at(3));
        c.present.mm = at(3) * 0.625;
        out.push_back(std::move(c));
        pos_ += 4;
        return true;
    }
    out.push_back(simple(n == 0x02   ? Command::Kind::retract
                         : n == 0x05 ? Command::Kind::eject
                         : n == 0x06 ? Command::Kind::presenter_status
                                     : Command::Kind::other,
                         n));
    pos_ += 3;
    return true;
}

// FS P n b a t (the VKP80's presenter: n mm, blinking b, after t s 'R' retract or 'E' eject); FS & / FS .
// (double-byte mode on/off) and the other FS commands we use have no parameters.
bool Decoder::decodeFs(std::vector<Command>& out) {
    if (available() < 2) return false;
    if (at(1) != 0x50) {
        out.push_back(simple(Command::Kind::other, at(1)));
        pos_ += 2;
        return true;
    }
    if (available() < 6) return false;
    Command c = simple(Command::Kind::present, at(2));
    c.present = {static_cast<double>(at(2)), static_cast<char>(at(4)), at(5)};
    if (c.present.not_taken != 'R' && c.present.not_taken != 'E') c.kind = Command::Kind::malformed;
    out.push_back(std::move(c));
    pos_ += 6;
    return true;
}

bool Decoder::decodeRaster(std::vector<Command>& out) {
    if (available() < 8) return false;
    if (at(2) != 0x30) {  // only GS v 0 exists
        out.push_back(simple(Command::Kind::malformed, at(2)));
        pos_ += 3;
        return true;
    }
    const std::size_t row_bytes = at(4) | (static_cast<std::size_t>(at(5)) << 8);
    const std::size_t rows = at(6) | (static_cast<std::size_t>(at(7)) << 8);
    const std::size_t size = row_bytes * rows;
    if (row_bytes == 0 || rows == 0 || size > max_raster_bytes_) {
        out.push_back(simple(Command::Kind::malformed, 0x76));
        pos_ += 8;  // resynchronise on whatever follows the bad header
        return true;
    }
    if (available() < 8 + size) return false;
    Command c;
    c.kind = Command::Kind::raster;
    c.raster = hal::Raster(static_cast<int>(row_bytes * 8), static_cast<int>(rows));
    const auto begin = buffer_.begin() + static_cast<std::ptrdiff_t>(pos_ + 8);
    std::copy(begin, begin + static_cast<std::ptrdiff_t>(size), c.raster.bits.begin());
    out.push_back(std::move(c));
    pos_ += 8 + size;
    return true;
}

bool Decoder::decodeGsParen(std::vector<Command>& out) {
    if (available() < 5) return false;
    const std::size_t len = at(3) | (static_cast<std::size_t>(at(4)) << 8);
    if (available() < 5 + len) return false;
    const std::size_t body = pos_ + 5;
    Command c;
    c.kind = Command::Kind::other;
    if (at(2) == 0x6B && len >= 3 && buffer_[body] == 0x31) {  // GS ( k, cn = 49: QR code
        const std::uint8_t fn = buffer_[body + 1];
        const std::uint8_t p = buffer_[body + 2];
        switch (fn) {
            case 0x41:
                c.kind = Command::Kind::qr_model;
                c.arg = p;
                break;
            case 0x43:
                c.kind = Command::Kind::qr_module_size;
                c.arg = p;
                break;
            case 0x45:
                c.kind = Command::Kind::qr_error_level;
                c.arg = p;
                break;
            case 0x50:
                c.kind = Command::Kind::qr_store;
                c.data.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(body + 3),
                              buffer_.begin() + static_cast<std::ptrdiff_t>(body + len));
                break;
            case 0x51:
                c.kind = Command::Kind::qr_print;
                break;
            default:
                break;
        }
    }
    out.push_back(std::move(c));
    pos_ += 5 + len;
    return true;
}

}  // namespace yici::escpos
