// SAM protocol codec (HARDWARE.md; eastcoms/softs.im protocol notes; hev-idcard-reader).
#include "codec.hpp"
#include "base/secure_wipe.hpp"
#include "base/utf8.hpp"

#include <algorithm>
#include <array>

namespace yici::sam {
namespace {

constexpr std::size_t preamble_size = sizeof(preamble);

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

// A space-padded UCS-2LE field of the text block, trimmed.
std::string field(std::span<const std::uint8_t> text, std::size_t offset, std::size_t bytes) {
    if (offset + bytes > text.size()) return {};
    std::string s = ucs2ToUtf8(text.subspan(offset, bytes));
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    return s;
}

// UTF-8 to UCS-2LE, space-padded (or cut) to `bytes`.
void putField(Bytes& text, std::size_t offset, std::size_t bytes, std::string_view utf8) {
    std::vector<char32_t> cps;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        const int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : 3;
        char32_t cp = extra == 0 ? b : (b & (0x3Fu >> extra));
        for (int k = 1; k <= extra && i + static_cast<std::size_t>(k) < utf8.size(); ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3Fu);
        }
        cps.push_back(cp > 0xFFFF ? U'\uFFFD' : cp);
        i += static_cast<std::size_t>(extra + 1);
    }
    for (std::size_t i = 0; i * 2 < bytes; ++i) {
        const char32_t cp = i < cps.size() ? cps[i] : U' ';
        text[offset + 2 * i] = static_cast<std::uint8_t>(cp & 0xFF);
        text[offset + 2 * i + 1] = static_cast<std::uint8_t>(cp >> 8);
    }
}

void putBe16(Bytes& out, std::size_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

// The text block's fields per card type (HARDWARE.md): one table serves decoding and encoding.
struct Field {
    std::string hal::IdCard::*member;
    std::size_t offset, bytes;
};
using C = hal::IdCard;
constexpr Field resident_layout[] = {
    {&C::name, 0, 30},        {&C::gender, 30, 2},       {&C::nation, 32, 4},
    {&C::birth_date, 36, 16}, {&C::address, 52, 70},     {&C::id_number, 122, 36},
    {&C::authority, 158, 30}, {&C::valid_from, 188, 16}, {&C::valid_to, 204, 16},
};
constexpr Field permit_layout[] = {
    {&C::name, 0, 30},       {&C::gender, 30, 2},        {&C::nation, 32, 4},       {&C::birth_date, 36, 16},
    {&C::address, 52, 70},   {&C::id_number, 122, 36},   {&C::authority, 158, 30},  {&C::valid_from, 188, 16},
    {&C::valid_to, 204, 16}, {&C::pass_number, 220, 18}, {&C::issue_count, 238, 4},
};
constexpr Field foreigner_layout[] = {
    {&C::english_name, 0, 120}, {&C::gender, 120, 2},      {&C::id_number, 122, 30},
    {&C::nationality, 152, 6},  {&C::name, 158, 30},       {&C::valid_from, 188, 16},
    {&C::valid_to, 204, 16},    {&C::birth_date, 220, 16},
};

std::span<const Field> layoutOf(hal::CardType type) {
    switch (type) {
        case hal::CardType::hk_macau_taiwan_permit:
            return permit_layout;
        case hal::CardType::foreign_permanent_2017:
        case hal::CardType::foreign_permanent_2023:
            return foreigner_layout;
        case hal::CardType::resident_id:
            break;
    }
    return resident_layout;
}

// The UCS-2 character at byte 248 that marks the card type; residents' cards have none.
std::string_view typeMarker(hal::CardType type) {
    switch (type) {
        case hal::CardType::hk_macau_taiwan_permit:
            return "J";
        case hal::CardType::foreign_permanent_2017:
            return "I";
        case hal::CardType::foreign_permanent_2023:
            return "Y";
        case hal::CardType::resident_id:
            break;
    }
    return "";
}

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
    std::uint8_t x = 0;
    for (std::uint8_t b : bytes) x ^= b;
    return x;
}

Bytes request(Command command, std::span<const std::uint8_t> data) {
    const auto code = static_cast<std::uint16_t>(command);
    const std::size_t length = 2 + data.size() + 1;  // CMD PARA DATA CHK
    Bytes frame(preamble, preamble + preamble_size);
    frame.push_back(static_cast<std::uint8_t>(length >> 8));
    frame.push_back(static_cast<std::uint8_t>(length & 0xFF));
    frame.push_back(static_cast<std::uint8_t>(code >> 8));
    frame.push_back(static_cast<std::uint8_t>(code & 0xFF));
    frame.insert(frame.end(), data.begin(), data.end());
    frame.push_back(checksum(std::span(frame).subspan(preamble_size)));
    return frame;
}

std::string_view statusName(std::uint8_t sw3) {
    switch (sw3) {
        case 0x90:
            return "success";
        case 0x9F:
            return "card_found";
        case 0x10:
            return "checksum_error";
        case 0x11:
            return "length_error";
        case 0x21:
            return "command_error";
        case 0x24:
            return "unrecognised_command";
        case 0x31:
            return "card_authentication_failed";
        case 0x32:
            return "reader_authentication_failed";
        case 0x33:
            return "verification_error";
        case 0x40:
            return "wrong_card";
        case 0x41:
            return "read_failed";
        case 0x47:
            return "random_number_failed";
        case 0x60:
            return "self_test_failed";
        case 0x66:
            return "reader_not_authorised";
        case 0x80:
            return "no_card_found";
        case 0x81:
            return "select_failed";
        default:
            return "unknown_status";
    }
}

ReplyParser::~ReplyParser() {
    clear();
}

void ReplyParser::feed(std::span<const std::uint8_t> bytes) {
    if (buffer_.size() + bytes.size() > buffer_.capacity()) {
        // Grow by hand: a reallocation would leave a copy of the card behind in freed memory.
        Bytes bigger;
        bigger.reserve(std::max(buffer_.size() + bytes.size(), 2 * buffer_.capacity()));
        bigger.assign(buffer_.begin(), buffer_.end());
        base::secureWipe(buffer_.data(), buffer_.capacity());
        buffer_ = std::move(bigger);
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void ReplyParser::clear() {
    base::secureWipe(buffer_.data(), buffer_.capacity());
    buffer_.clear();
}

void ReplyParser::consume(std::size_t n) {
    std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(n), buffer_.end(), buffer_.begin());
    base::secureWipe(buffer_.data() + buffer_.size() - n, n);  // the tail the bytes moved out of
    buffer_.resize(buffer_.size() - n);
}

std::optional<ReplyParser::Event> ReplyParser::next() {
    // Where does the next preamble start?
    auto start = std::search(buffer_.begin(), buffer_.end(), std::begin(preamble), std::end(preamble));
    if (start != buffer_.begin()) {
        // Keep a tail that could be the beginning of a preamble split across reads.
        std::size_t drop = static_cast<std::size_t>(start - buffer_.begin());
        if (start == buffer_.end()) {
            std::size_t keep = 0;
            for (std::size_t k = std::min<std::size_t>(preamble_size - 1, buffer_.size()); k > 0; --k) {
                if (std::equal(buffer_.end() - static_cast<std::ptrdiff_t>(k), buffer_.end(),
                               std::begin(preamble))) {
                    keep = k;
                    break;
                }
            }
            drop = buffer_.size() - keep;
        }
        if (drop == 0) return std::nullopt;
        consume(drop);
        Event garbage;
        garbage.kind = Event::Kind::garbage;
        garbage.skipped = drop;
        return garbage;
    }
    if (buffer_.size() < preamble_size + 2) return std::nullopt;
    const std::size_t length = be16(buffer_, preamble_size);
    if (length < 4 || length > max_frame_length) {  // SW1 SW2 SW3 CHK at least
        consume(1);                                 // not a frame: look for the next preamble
        Event bad;
        bad.kind = Event::Kind::bad_length;
        bad.skipped = 1;
        return bad;
    }
    const std::size_t total = preamble_size + 2 + length;
    if (buffer_.size() < total) return std::nullopt;
    const std::span<const std::uint8_t> frame(buffer_.data(), total);
    if (checksum(frame.subspan(preamble_size, total - preamble_size - 1)) != frame[total - 1]) {
        consume(1);
        Event bad;
        bad.kind = Event::Kind::bad_checksum;
        bad.skipped = 1;
        return bad;
    }
    Event event;
    event.reply.sw1 = frame[7];
    event.reply.sw2 = frame[8];
    event.reply.sw3 = frame[9];
    event.reply.data.assign(frame.begin() + 10, frame.end() - 1);
    consume(total);
    return event;
}

std::optional<CardData> splitReadData(std::span<const std::uint8_t> data) {
    if (data.size() < 4) return std::nullopt;
    const std::size_t text = be16(data, 0), photo = be16(data, 2);
    CardData out;
    auto take = [&](std::size_t at, std::size_t t, std::size_t p, std::size_t fp_at, std::size_t f) {
        out.text.assign(data.begin() + static_cast<std::ptrdiff_t>(at),
                        data.begin() + static_cast<std::ptrdiff_t>(at + t));
        out.photo.assign(data.begin() + static_cast<std::ptrdiff_t>(at + t),
                         data.begin() + static_cast<std::ptrdiff_t>(at + t + p));
        out.fingerprint.assign(data.begin() + static_cast<std::ptrdiff_t>(fp_at),
                               data.begin() + static_cast<std::ptrdiff_t>(fp_at + f));
    };
    if (data.size() == 4 + text + photo) {  // 30 01: no fingerprint
        take(4, text, photo, 4 + text + photo, 0);
        return out;
    }
    // FP_LEN after the photo (HARDWARE.md).
    if (data.size() >= 4 + text + photo + 2) {
        const std::size_t fp = be16(data, 4 + text + photo);
        if (data.size() == 4 + text + photo + 2 + fp) {
            take(4, text, photo, 6 + text + photo, fp);
            return out;
        }
    }
    // FP_LEN beside the other lengths (some vendors' SDKs).
    if (data.size() >= 6) {
        const std::size_t fp = be16(data, 4);
        if (data.size() == 6 + text + photo + fp) {
            take(6, text, photo, 6 + text + photo, fp);
            return out;
        }
    }
    return std::nullopt;
}

std::string ucs2ToUtf8(std::span<const std::uint8_t> ucs2) {
    std::string out;
    for (std::size_t i = 0; i + 1 < ucs2.size(); i += 2) {
        char32_t unit = static_cast<char32_t>(ucs2[i] | (ucs2[i + 1] << 8));
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < ucs2.size()) {
            const char32_t low = static_cast<char32_t>(ucs2[i + 2] | (ucs2[i + 3] << 8));
            if (low >= 0xDC00 && low <= 0xDFFF) {
                base::utf8::append(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                i += 2;
                continue;
            }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) unit = 0xFFFD;
        base::utf8::append(out, unit);
    }
    return out;
}

Bytes replyFrame(std::uint8_t sw3, std::span<const std::uint8_t> data) {
    Bytes frame(preamble, preamble + preamble_size);
    putBe16(frame, 3 + data.size() + 1);
    frame.insert(frame.end(), {0x00, 0x00, sw3});
    frame.insert(frame.end(), data.begin(), data.end());
    frame.push_back(checksum(std::span(frame).subspan(preamble_size)));
    return frame;
}

Bytes encodeText(const hal::IdCard& card) {
    Bytes text(256, 0);
    putField(text, 0, 256, "");
    for (const Field& f : layoutOf(card.type)) putField(text, f.offset, f.bytes, card.*f.member);
    if (const std::string_view marker = typeMarker(card.type); !marker.empty())
        putField(text, 248, 2, marker);
    return text;
}

Bytes readData(const hal::IdCard& card, bool with_fingerprint) {
    const Bytes text = encodeText(card);
    Bytes out;
    putBe16(out, text.size());
    putBe16(out, card.photo_wlt.size());
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), card.photo_wlt.begin(), card.photo_wlt.end());
    if (with_fingerprint) {
        putBe16(out, card.fingerprint.size());
        out.insert(out.end(), card.fingerprint.begin(), card.fingerprint.end());
    }
    return out;
}

hal::IdCard decodeCard(const CardData& data, std::string_view today) {
    const std::span<const std::uint8_t> t(data.text);
    hal::IdCard card;
    const std::string marker = field(t, 248, 2);
    card.type = marker == "I"   ? hal::CardType::foreign_permanent_2017
                : marker == "Y" ? hal::CardType::foreign_permanent_2023
                : marker == "J" ? hal::CardType::hk_macau_taiwan_permit
                                : hal::CardType::resident_id;
    for (const Field& f : layoutOf(card.type)) card.*f.member = field(t, f.offset, f.bytes);
    card.photo_wlt = data.photo;
    card.fingerprint = data.fingerprint;
    card.expired = card.valid_to != "长期" && allDigits(card.valid_to) && card.valid_to.size() == 8 &&
                   today.size() == 8 && card.valid_to < today;
    if (card.id_number.size() == 18) {
        card.id_number_valid =
            hal::idCheckDigitValid(card.id_number) && (card.type == hal::CardType::foreign_permanent_2017 ||
                                                       card.type == hal::CardType::foreign_permanent_2023 ||
                                                       card.id_number.substr(6, 8) == card.birth_date);
    } else {
        // The 2017 foreigner's card has a 15-character number without a check digit.
        card.id_number_valid =
            card.type == hal::CardType::foreign_permanent_2017 && card.id_number.size() == 15;
    }
    return card;
}

}  // namespace yici::sam
