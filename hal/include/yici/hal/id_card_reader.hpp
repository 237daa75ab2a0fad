// Second-generation resident ID cards and the permits that share their reader.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error_code.hpp"
#include "yici/hal/driver_config.hpp"
#include "yici/hal/health.hpp"

namespace yici::hal {

struct IdReaderConfig {
    std::string driver = "none";    // a registered driver name ("sam-serial"), or "none"
    std::string device;             // where the reader is: /dev/ttyUSB0
    int poll_interval_ms = 500;     // how often to look for a card
    int command_timeout_ms = 3000;  // a reply slower than this is a fault
    DriverOptions options;          // the driver's own keys ("baud"), checked by the driver
};

enum class CardType { resident_id, hk_macau_taiwan_permit, foreign_permanent_2017, foreign_permanent_2023 };

// Personal information: never logged, never in metrics or health.
struct IdCard {
    CardType type = CardType::resident_id;
    std::string name;          // Chinese name (resident ID, permits)
    std::string english_name;  // foreigner's cards
    std::string gender;        // "1" male, "2" female, "0" unknown, "9" unspecified
    std::string nation;        // two-digit ethnicity code
    std::string nationality;   // foreigner's cards
    std::string birth_date;    // YYYYMMDD
    std::string address;
    std::string id_number;
    std::string authority;
    std::string valid_from;   // YYYYMMDD
    std::string valid_to;     // YYYYMMDD or "长期"
    std::string pass_number;  // HK/Macau/Taiwan permit
    std::string issue_count;
    bool expired = false;                 // flagged, not refused: the flow decides
    bool id_number_valid = true;          // MOD 11-2 check digit, and birth digits agree with the birth field
    std::vector<std::uint8_t> photo_wlt;  // 1024 bytes, vendor WLT format
    std::vector<std::uint8_t> fingerprint;  // 0, 512 or 1024 bytes
};

// Overwrites every personal field of the card before its memory is released (base/secure_wipe.hpp): the
// driver after handing the card on, the session when it ends, the registration once sealed.
void wipe(IdCard& card);
// GB 11643 / ISO 7064 MOD 11-2 check digit of an 18-character resident ID number.
bool idCheckDigitValid(std::string_view id);

// "330324********1234": the first 6 and last 4 characters shown, the rest masked (short numbers keep 2 and
// 2). The only form in which an ID number may leave the session: screen, ticket, API.
inline std::string maskIdNumber(std::string_view id) {
    if (id.size() >= 12)
        return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
               std::string(id.substr(id.size() - 4));
    if (id.size() > 4)
        return std::string(id.substr(0, 2)) + std::string(id.size() - 4, '*') +
               std::string(id.substr(id.size() - 2));
    return std::string(id.size(), '*');
}

class IdCardReader {
  public:
    struct Listener {
        // A card was read (once per placement). read_time: from the find command to the decoded card.
        std::function<void(const IdCard&, std::chrono::steady_clock::duration read_time)> card_present;
        std::function<void()> card_removed;
        // A card is there but could not be read: Errc::card_read_failed, wrong_card or card_select_failed.
        std::function<void(ErrorCode code)> card_error;
    };

    // What went wrong on the line since start, for metrics. Never personal data.
    struct Counters {
        std::uint64_t reads_ok = 0, reads_failed = 0;
        // Faults on the line to the reader, by a kind the driver names ("bad_checksum"); every kind it can
        // count is listed, at zero before the first.
        std::vector<std::pair<std::string, std::uint64_t>> line_faults;
    };

    virtual ~IdCardReader() = default;
    virtual void start(Listener listener) = 0;
    virtual void stop() = 0;
    virtual Health health() const = 0;
    virtual Counters counters() const = 0;
};

}  // namespace yici::hal
