// The bodies of the session, pre-registration, rating, staff and technician requests, parsed without trusting
// a byte of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "prereg/flow.hpp"

namespace yici::api {

// {"on": true|false}: elder mode of the citizen session.
Expected<bool> parseElderMode(std::string_view body);
// {"pin": "246810"}: the PIN as given, any string up to 64 bytes (whether it is right is the login's job).
Expected<std::string> parseTechnicianLogin(std::string_view body);
// {"service_id": "re-transfer"}
Expected<std::string> parseServiceChoice(std::string_view body);
// {"have": ["id_card", …]}
Expected<std::vector<std::string>> parseMaterials(std::string_view body);
// {"mobile": "13800138000", "fields": {"id": "value"}?, "disabled": bool?, "appointment_code": str?}
Expected<prereg::Details> parseDetails(std::string_view body);

struct RatingRequest {
    std::string ticket;  // "A001" (today's number) or a ticket id "20261127-A001"
    int score = 0;
    std::vector<std::string> reasons;
};
// {"ticket": "A001", "score": 1-5, "reasons": [ids]?}
Expected<RatingRequest> parseRating(std::string_view body);
// {"staff": "S017"}: the id of the staff member who confirms a priority claim, 1-32 letters, digits, '-',
// '_'.
Expected<std::string> parseStaffConfirmation(std::string_view body);

}  // namespace yici::api
