// Second-generation resident ID cards and the permits that share their reader.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "yici/hal/health.hpp"

namespace yici::hal {

struct IdReaderConfig {
    std::string driver;  // "sam-serial" or "none"
    std::string device;  // /dev/ttyUSB0
    int baud = 115200;
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

class IdCardReader {
  public:
    struct Listener {
        std::function<void(const IdCard&)> card_present;
        std::function<void()> card_removed;
    };

    virtual ~IdCardReader() = default;
    virtual void start(Listener listener) = 0;
    virtual void stop() = 0;
    virtual Health health() const = 0;
};

}  // namespace yici::hal
