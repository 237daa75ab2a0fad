// The printed ticket as a raster: Chinese text drawn with a CJK font (exact whatever the printer's font
// ROM holds) and a QR code that opens the hall's queue page for this ticket.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "queue/priority.hpp"
#include "yici/hal/raster.hpp"

namespace yici::ticket {

// A priority the citizen claimed and staff have not confirmed: the ticket waits as normal and says so.
enum class Claim {
    none,
    priority,     // a declared need (the reason is never printed): "优先待核验"
    appointment,  // an appointment code the hall has not confirmed: "预约待核验"
};

// A material the citizen still has to bring, with where to get it: the one-time list (一次性告知).
struct ToBring {
    std::string name_zh, name_en;
    std::string where_zh;
};

struct TicketContent {
    std::string hall_name_zh, hall_name_en;
    std::string category_zh, category_en;
    std::string number;                    // "A001"
    std::string windows;                   // "1/2/3"
    std::string location_zh, location_en;  // where the windows are, when the hall file says
    int waiting_ahead = 0;
    int est_wait_low_min = 0;  // the estimated wait, as a range
    int est_wait_high_min = 5;
    std::string issued_at_local;                 // "2026-11-27 14:03"
    std::string place;                           // where the kiosk stands ("一楼大厅入口"), else its id
    std::string missed_rule_zh, missed_rule_en;  // "过号请重新取号"
    std::string service_phone;
    std::string qr_text;  // what the QR code encodes
    bool offline = false;
    // Printed large for the staff to see, in its one wording (queue::priorityWording); normal: nothing.
    queue::Priority priority = queue::Priority::normal;
    Claim claim = Claim::none;  // printed instead when set
    // Pre-registered tickets: the item, the code to say at the window, and the holder, masked.
    std::string service_zh, service_en;
    std::string registration_code;
    std::string holder_masked;
    std::vector<ToBring> to_bring;  // printed under the code
    std::string reprinted_at_local;  // a reprint (补打): marked so at the top, with when; empty: the original
};

// A test print from the technician screen: clearly no queue ticket, with a pattern that shows dead dots.
struct TestTicketContent {
    std::string hall_name_zh, hall_name_en;
    std::string kiosk_id;
    std::string printed_at_local;  // "2026-11-27 14:03:05"
    std::string qr_text;           // a QR code to check scanning with
};

// The phone page for a ticket: queue_url?k=KIOSK&t=TICKET_ID&n=NUMBER[&r=REGISTRATION_CODE], built with
// Boost.URL.
Expected<std::string> ticketQrUrl(std::string_view queue_url, std::string_view kiosk_id,
                                  std::string_view ticket_id, std::string_view number,
                                  std::string_view registration_code = {});

// The first CJK font found among the ones Debian's fonts-wqy-microhei / fonts-noto-cjk install.
Expected<std::filesystem::path> findCjkFont();

class TicketLayout {
  public:
    static Expected<TicketLayout> create(const std::filesystem::path& font, int width_dots);
    TicketLayout(TicketLayout&&) noexcept;
    TicketLayout& operator=(TicketLayout&&) noexcept;
    ~TicketLayout();

    // Not thread-safe (one FreeType face): call from one thread at a time.
    Expected<hal::Raster> render(const TicketContent& content);
    Expected<hal::Raster> renderTest(const TestTicketContent& content);
    // The text lines of the last render, top to bottom, as drawn (after wrapping).
    const std::vector<std::string>& lines() const { return lines_; }

  private:
    struct Fonts;
    TicketLayout(std::unique_ptr<Fonts> fonts, int width);
    std::unique_ptr<Fonts> fonts_;
    int width_;
    std::vector<std::string> lines_;
};

}  // namespace yici::ticket
