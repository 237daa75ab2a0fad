// The kiosk → hall server wire format (ARCHITECTURE.md "Kiosk → hall server"): the events batch the kiosk
// sends and the answers it reads. Pure functions over text, without std::expected, so clang's libFuzzer
// can build them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace yici::hall {

struct OutgoingEvent {
    std::string id, type, at;
    std::string data_json;      // a JSON object
    std::string personal_json;  // a JSON object added as data.personal (registrations only), or empty
};

// {"events": [{"id", "type", "at", "data"}]}
std::string eventsBody(const std::vector<OutgoingEvent>& events);

struct AckAnswer {
    bool valid = false;              // false: not {"acked": [strings]} at all
    std::vector<std::string> acked;  // ids we sent that the hall acknowledged, each once, in our order
    int unknown = 0;                 // acked ids we never sent in this batch (ignored, logged)
    int repeated = 0;                // ids acked more than once in the answer
    std::string problem;             // why it is invalid
};

AckAnswer parseAcks(std::string_view body, const std::vector<std::string>& sent_ids);

struct TicketAnswer {
    bool valid = false;
    std::string number;  // "A123": 1-16 letters and digits
    std::string window;
    int waiting_ahead = 0;
    int est_wait_min = 0;
    std::string problem;
};

// {"number", "window", "waiting_ahead", "est_wait_min"}
TicketAnswer parseTicketAnswer(std::string_view body);

}  // namespace yici::hall
