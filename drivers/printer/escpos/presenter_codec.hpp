// The ticket presenter of kiosk printers (the ticket dispenser) as pure functions over bytes. A presenter
// holds the cut ticket in the kiosk's mouth, says whether it is still there, and retracts it into a bin or
// ejects it. Two dialects are in the field, both from Custom's manuals; a board will name its own when the
// presenter driver comes (issue #18):
//   gs-e  (KPM210/216 family): GS e n [m] = 1D 65 n [m]. n = 2 retract the ticket (when retracting is
//         enabled in the printer's setup), n = 3 present it, m steps of 0.625 mm, n = 5 eject it, n = 6
//         answer one ejector status byte: bit 0 paper near end, bit 2 paper present, bit 3 ticket at the
//         output, bit 4 printer motor on, bit 5 ejector motor on, bit 6 error, bit 7 paper jam.
//   vkp80 (VKP80): FS P n b a t = 1C 50 n b a t presents n mm (b = 1: the mouth's light blinks) and, if the
//         ticket is still there after t s, ejects it (a = 'E') or retracts it (a = 'R'): the printer times
//         the take itself. Full status DLE EOT 20 = 10 04 14 answers 6 bytes 10 0F P U R E: P bit 0 no paper,
//         bit 2 paper near end, bit 5 ticket in the mouth; U 03 cover open; R 01 head too hot, 40 paper jam;
//         E 01 cutter error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "codec.hpp"

namespace yici::escpos {

enum class PresenterDialect { gs_e, vkp80 };

// "gs-e" or "vkp80" (the board's spelling); nullopt for anything else.
std::optional<PresenterDialect> presenterDialectFrom(std::string_view name);
std::string_view presenterDialectName(PresenterDialect dialect);

// What happens to a ticket nobody takes.
enum class NotTaken { retract, eject };

// Presents the cut ticket, `mm` of it out of the mouth (1-255; gs-e rounds to its 0.625 mm steps). vkp80 also
// hands the printer the take's timeout and what to do after it; gs-e waits for retractTicket()/ejectTicket().
Bytes presentTicket(PresenterDialect dialect, int mm, NotTaken not_taken, int take_timeout_s);
// The ticket in the mouth into the bin (gs-e; a vkp80 retracts by itself after the take's timeout).
Bytes retractTicket();
// The ticket in the mouth pushed out (gs-e; a vkp80 ejects by itself after the take's timeout).
Bytes ejectTicket();
// The presenter's status request, and the size of its answer.
Bytes presenterStatusRequest(PresenterDialect dialect);
std::size_t presenterReplySize(PresenterDialect dialect);

struct PresenterStatus {
    bool ticket_in_mouth = false;
    bool jam = false;
    // Any other fault the presenter reports (gs-e error bit; vkp80 head, cutter or cover).
    bool error = false;
    bool cover_open = false;
    bool paper_out = false;
    bool paper_near_end = false;
    bool moving = false;  // gs-e: a motor runs; the mouth's state is not settled yet
};

// Decodes an answer of presenterReplySize(dialect) bytes; nullopt when it is not one (a vkp80 answer must
// start 10 0F; a gs-e status byte has no fixed bits, so any byte decodes).
std::optional<PresenterStatus> decodePresenterStatus(PresenterDialect dialect,
                                                     std::span<const std::uint8_t> reply);

}  // namespace yici::escpos
