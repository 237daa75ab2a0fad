// The two presenter dialects' bytes (Custom KPM210/216 GS e; Custom VKP80 FS P and DLE EOT 20).
#include "presenter_codec.hpp"

#include <algorithm>
#include <cmath>

namespace yici::escpos {
namespace {

constexpr std::uint8_t FS = 0x1C;
constexpr double gs_e_step_mm = 0.625;

std::uint8_t clampByte(int v, int lo, int hi) {
    return static_cast<std::uint8_t>(std::clamp(v, lo, hi));
}

}  // namespace

std::optional<PresenterDialect> presenterDialectFrom(std::string_view name) {
    if (name == "gs-e") return PresenterDialect::gs_e;
    if (name == "vkp80") return PresenterDialect::vkp80;
    return std::nullopt;
}

std::string_view presenterDialectName(PresenterDialect dialect) {
    return dialect == PresenterDialect::gs_e ? "gs-e" : "vkp80";
}

Bytes presentTicket(PresenterDialect dialect, int mm, NotTaken not_taken, int take_timeout_s) {
    if (dialect == PresenterDialect::gs_e) {
        const int steps = static_cast<int>(std::lround(std::clamp(mm, 1, 255) / gs_e_step_mm));
        return {GS, 0x65, 0x03, clampByte(steps, 1, 255)};
    }
    return {FS,
            0x50,
            clampByte(mm, 1, 255),
            0x01,
            static_cast<std::uint8_t>(not_taken == NotTaken::retract ? 'R' : 'E'),
            clampByte(take_timeout_s, 1, 255)};
}

Bytes retractTicket() {
    return {GS, 0x65, 0x02};
}

Bytes ejectTicket() {
    return {GS, 0x65, 0x05};
}

Bytes presenterStatusRequest(PresenterDialect dialect) {
    if (dialect == PresenterDialect::gs_e) return {GS, 0x65, 0x06};
    return {DLE, EOT, 0x14};
}

std::size_t presenterReplySize(PresenterDialect dialect) {
    return dialect == PresenterDialect::gs_e ? 1 : 6;
}

std::optional<PresenterStatus> decodePresenterStatus(PresenterDialect dialect,
                                                     std::span<const std::uint8_t> reply) {
    if (reply.size() != presenterReplySize(dialect)) return std::nullopt;
    PresenterStatus s;
    if (dialect == PresenterDialect::gs_e) {
        const std::uint8_t b = reply[0];
        s.paper_near_end = (b & 0x01) != 0;
        s.paper_out = (b & 0x04) == 0;
        s.ticket_in_mouth = (b & 0x08) != 0;
        s.moving = (b & 0x30) != 0;
        s.error = (b & 0x40) != 0;
        s.jam = (b & 0x80) != 0;
        return s;
    }
    if (reply[0] != DLE || reply[1] != 0x0F) return std::nullopt;
    const std::uint8_t paper = reply[2], user = reply[3], recoverable = reply[4], unrecoverable = reply[5];
    s.paper_out = (paper & 0x01) != 0;
    s.paper_near_end = (paper & 0x04) != 0;
    s.ticket_in_mouth = (paper & 0x20) != 0;
    s.cover_open = (user & 0x03) != 0;
    s.jam = (recoverable & 0x40) != 0;
    s.error = (recoverable & 0x01) != 0 || (unrecoverable & 0x01) != 0;
    return s;
}

}  // namespace yici::escpos
