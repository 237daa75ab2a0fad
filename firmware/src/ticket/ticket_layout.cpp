// Ticket rasterising with FreeType and libqrencode.
#include "ticket/ticket_layout.hpp"
#include "base/utf8.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SYNTHESIS_H
#include <qrencode.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "ticket/errors.hpp"
#include "yici/hal/errors.hpp"

namespace yici::ticket {
namespace {

constexpr int max_height = 3200;
constexpr int margin = 16;

// A grey canvas (0 white … 255 black) that is cut to its used height and thresholded at the end.
struct Canvas {
    int width;
    std::vector<std::uint8_t> grey;
    explicit Canvas(int w) : width(w), grey(static_cast<std::size_t>(w) * max_height, 0) {}
    void blend(int x, int y, std::uint8_t value) {
        if (x < 0 || y < 0 || x >= width || y >= max_height) return;
        auto& px =
            grey[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)];
        px = std::max(px, value);
    }
    void fill(int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; ++y)
            for (int x = x0; x < x0 + w; ++x) blend(x, y, 255);
    }
};

constexpr int qr_scale = 5;

std::string toUtf8(const std::u32string& text) {
    std::string out;
    for (char32_t cp : text) base::utf8::append(out, cp);
    return out;
}

// Draws `text` as a QR code centred at `y`, with quiet zones; returns the y below it.
Expected<int> drawQr(Canvas& canvas, int y, const std::string& text) {
    QRcode* qr = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == nullptr) return fail(Errc::ticket_render_failed, "the ticket QR code could not be encoded");
    y += 2 * qr_scale;  // with the gap after the rule: a four-module quiet zone above
    const int size = qr->width * qr_scale;
    const int left = (canvas.width - size) / 2;
    for (int row = 0; row < qr->width; ++row) {
        for (int col = 0; col < qr->width; ++col) {
            if ((qr->data[row * qr->width + col] & 1) != 0)
                canvas.fill(left + col * qr_scale, y + row * qr_scale, qr_scale, qr_scale);
        }
    }
    QRcode_free(qr);
    return y + size + 4 * qr_scale;  // quiet zone below; the rule above and white margins give the rest
}

// The canvas down to `height`, thresholded into printer dots.
Expected<hal::Raster> toRaster(const Canvas& canvas, int height) {
    if (height > max_height)
        return fail(Errc::ticket_render_failed, "ticket layout is taller than the canvas");
    hal::Raster raster(canvas.width, height);
    for (int row = 0; row < height; ++row) {
        for (int col = 0; col < canvas.width; ++col) {
            const auto value =
                canvas.grey[static_cast<std::size_t>(row) * static_cast<std::size_t>(canvas.width) +
                            static_cast<std::size_t>(col)];
            if (value >= 128) raster.set(col, row, true);
        }
    }
    return raster;
}

}  // namespace

struct TicketLayout::Fonts {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    ~Fonts() {
        if (face != nullptr) FT_Done_Face(face);
        if (library != nullptr) FT_Done_FreeType(library);
    }

    int measure(const std::u32string& text, int px) {
        FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px));
        long width = 0;
        for (char32_t cp : text) {
            if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) == 0) width += face->glyph->advance.x >> 6;
        }
        return static_cast<int>(width);
    }

    // Draws one line from x (centred when x < 0); returns the line height used.
    int draw(Canvas& canvas, const std::u32string& text, int top, int px, bool bold, int x) {
        if (x < 0) x = std::max(0, (canvas.width - measure(text, px)) / 2);
        FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px));
        const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
        const int height = static_cast<int>(face->size->metrics.height >> 6);
        const int baseline = top + ascender;
        for (char32_t cp : text) {
            if (FT_Load_Char(face, cp, FT_LOAD_DEFAULT) != 0) continue;
            if (bold) FT_GlyphSlot_Embolden(face->glyph);
            if (FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0) continue;
            const FT_Bitmap& bm = face->glyph->bitmap;
            for (unsigned row = 0; row < bm.rows; ++row) {
                for (unsigned col = 0; col < bm.width; ++col) {
                    const std::uint8_t v =
                        bm.buffer[static_cast<long>(row) * bm.pitch + static_cast<long>(col)];
                    canvas.blend(x + face->glyph->bitmap_left + static_cast<int>(col),
                                 baseline - face->glyph->bitmap_top + static_cast<int>(row), v);
                }
            }
            x += static_cast<int>(face->glyph->advance.x >> 6);
        }
        return height;
    }

    // `text` cut into lines no wider than `width` at `px`.
    std::vector<std::u32string> wrap(const std::u32string& text, int px, int width) {
        std::vector<std::u32string> out;
        std::u32string line;
        std::size_t last_space = std::u32string::npos;
        for (char32_t cp : text) {
            line.push_back(cp);
            if (cp == U' ') last_space = line.size() - 1;
            if (measure(line, px) <= width) continue;
            // Between words when that keeps at least half a line; Chinese breaks between any two characters.
            if (last_space != std::u32string::npos && measure(line.substr(0, last_space), px) >= width / 2) {
                out.push_back(line.substr(0, last_space));
                line.erase(0, last_space + 1);
            } else {
                out.push_back(line.substr(0, line.size() - 1));
                line.erase(0, line.size() - 1);
            }
            last_space = line.find_last_of(U' ');
        }
        if (!line.empty()) out.push_back(line);
        return out;
    }
};

namespace {

// What a priority ticket tells the staff: a priority proven or confirmed, or a claim they are to check.
queue::Wording priorityLabel(queue::Priority priority, Claim claim) {
    switch (claim) {
        case Claim::priority:
            return {"优先待核验", "Priority to be confirmed"};
        case Claim::appointment:
            return {"预约待核验", "Appointment to be confirmed"};
        case Claim::none:
            break;
    }
    return queue::priorityWording(priority);
}

}  // namespace

Expected<std::string> ticketQrUrl(std::string_view queue_url, std::string_view kiosk_id,
                                  std::string_view ticket_id, std::string_view number,
                                  std::string_view registration_code) {
    auto parsed = boost::urls::parse_uri(queue_url);
    if (!parsed)
        return fail(hal::Errc::config_bad_uri, fmt::format("queue_url '{}' is not a URL", queue_url));
    boost::urls::url url(*parsed);
    url.params().append({"k", kiosk_id});
    url.params().append({"t", ticket_id});
    url.params().append({"n", number});
    if (!registration_code.empty()) url.params().append({"r", registration_code});
    return std::string(url.buffer());
}

Expected<std::filesystem::path> findCjkFont() {
    for (const char* candidate :
         {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
          "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"}) {
        if (std::filesystem::exists(candidate)) return std::filesystem::path(candidate);
    }
    return fail(Errc::font_missing, "no CJK font installed (install fonts-wqy-microhei)");
}

TicketLayout::TicketLayout(std::unique_ptr<Fonts> fonts, int width)
    : fonts_(std::move(fonts)), width_(width) {}
TicketLayout::TicketLayout(TicketLayout&&) noexcept = default;
TicketLayout& TicketLayout::operator=(TicketLayout&&) noexcept = default;
TicketLayout::~TicketLayout() = default;

Expected<TicketLayout> TicketLayout::create(const std::filesystem::path& font, int width_dots) {
    auto fonts = std::make_unique<Fonts>();
    if (FT_Init_FreeType(&fonts->library) != 0) return fail(Errc::font_error, "FreeType could not start");
    if (FT_New_Face(fonts->library, font.c_str(), 0, &fonts->face) != 0) {
        return fail(Errc::font_error, fmt::format("cannot load font {}", font.string()));
    }
    if (FT_Get_Char_Index(fonts->face, U'号') == 0) {
        return fail(Errc::font_error, fmt::format("font {} has no Chinese characters", font.string()));
    }
    return TicketLayout(std::move(fonts), width_dots);
}

Expected<hal::Raster> TicketLayout::render(const TicketContent& c) {
    Canvas canvas(width_);
    lines_.clear();
    int y = margin;
    // A centred line (x < 0), or one from x wrapped to the paper's width.
    auto line = [&](std::string_view text, int px, bool bold = false, int gap = 4, int x = -1) {
        const std::u32string text32 = base::utf8::decode(text);
        for (const auto& part : x < 0 ? std::vector{text32} : fonts_->wrap(text32, px, width_ - margin - x)) {
            y += fonts_->draw(canvas, part, y, px, bold, x) + gap;
            lines_.push_back(toUtf8(part));
        }
    };
    auto rule = [&] {
        y += 6;
        canvas.fill(margin, y, width_ - 2 * margin, 2);
        y += 12;
    };

    line(c.hall_name_zh, 30, true);
    line(c.hall_name_en, 18);
    rule();
    if (!c.reprinted_at_local.empty()) {
        line("补打 · REPRINT", 40, true);
        line(fmt::format("补打时间 Reprinted {}", c.reprinted_at_local), 20, false, 8);
    }
    line(c.category_zh, 44, true);
    line(c.category_en, 22);
    line(c.number, 150, true, 0);
    if (const auto [zh, en] = priorityLabel(c.priority, c.claim); !zh.empty()) {
        line(zh, 34, true);
        line(en, 20, false, 8);
    }
    if (c.location_zh.empty()) {
        line(fmt::format("请到 {} 号窗口办理", c.windows), 30);
        line(fmt::format("Please go to window {}", c.windows), 20, false, 10);
    } else {
        line(fmt::format("请到{} {} 号窗口办理", c.location_zh, c.windows), 30);
        line(fmt::format("Please go to window {}, {}", c.windows, c.location_en), 20, false, 10);
    }
    line(fmt::format("前面等候 {} 人 · 预计 {}–{} 分钟", c.waiting_ahead, c.est_wait_low_min,
                     c.est_wait_high_min),
         28);
    line(fmt::format("{} ahead of you · about {}–{} min", c.waiting_ahead, c.est_wait_low_min,
                     c.est_wait_high_min),
         20);
    if (c.offline) line("离线取号 · Issued offline", 22, true);
    if (!c.registration_code.empty()) {
        rule();
        line(c.service_zh, 26, true);
        line(c.service_en, 18, false, 8);
        line(fmt::format("预登记码 {}", c.registration_code), 40, true);
        line("Pre-registration code: please show it at the window", 18, false, 8);
        if (!c.holder_masked.empty()) line(fmt::format("登记人 Holder: {}", c.holder_masked), 22);
    }
    if (!c.to_bring.empty()) {
        // The one-time list (一次性告知): everything still to bring, so one more visit completes the errand.
        rule();
        line("一次性告知：请补齐以下材料", 28, true);
        line("Still to bring (one-time list)", 18, false, 8);
        for (const ToBring& m : c.to_bring) {
            line(fmt::format("□ {}", m.name_zh), 24, true, 2, margin);
            line(m.name_en, 18, false, 2, margin + 28);
            if (!m.where_zh.empty()) line(fmt::format("获取：{}", m.where_zh), 20, false, 2, margin + 28);
            y += 6;
        }
    }
    rule();

    auto below_qr = drawQr(canvas, y, c.qr_text);
    if (!below_qr) return std::unexpected(below_qr.error());
    y = *below_qr;

    line("扫码查看排队进度 · Scan to follow the queue", 20, false, 8);
    line(fmt::format("当日有效 · {}", c.missed_rule_zh), 24, true);
    line(fmt::format("Valid today only · {}", c.missed_rule_en), 18, false, 8);
    if (!c.service_phone.empty()) line(fmt::format("咨询电话 Service phone: {}", c.service_phone), 22);
    line(fmt::format("{}  {}", c.issued_at_local, c.place), 20);
    return toRaster(canvas, y + margin);
}

Expected<hal::Raster> TicketLayout::renderTest(const TestTicketContent& c) {
    Canvas canvas(width_);
    lines_.clear();
    int y = margin;
    auto line = [&](std::string_view text, int px, bool bold = false, int gap = 4) {
        y += fonts_->draw(canvas, base::utf8::decode(text), y, px, bold, -1) + gap;
        lines_.emplace_back(text);
    };
    line(c.hall_name_zh, 30, true);
    line(c.hall_name_en, 18);
    y += 18;
    line("测试票 TEST", 72, true, 8);
    line("仅供设备测试，不是排队号票", 28);
    line("Printer test: not a queue ticket", 20, false, 12);
    // Every dot of the head, then a chequerboard: a dead dot shows as a white line through both.
    canvas.fill(margin, y, width_ - 2 * margin, 24);
    y += 24;
    for (int row = 0; row < 24; ++row) {
        for (int col = margin; col < width_ - margin; ++col) {
            if (((row / 8) + (col / 8)) % 2 == 0) canvas.blend(col, y + row, 255);
        }
    }
    y += 24 + 12;
    auto below_qr = drawQr(canvas, y, c.qr_text);
    if (!below_qr) return std::unexpected(below_qr.error());
    y = *below_qr;
    line(fmt::format("{}  {}", c.printed_at_local, c.kiosk_id), 20);
    return toRaster(canvas, y + margin);
}

}  // namespace yici::ticket
