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

struct Rejection {
    std::string id;
    std::string reason;  // the hall's words: at most 200 bytes of UTF-8, control characters replaced
};

struct AckAnswer {
    bool valid = false;               // false: neither {"acked": [ids]} nor {"rejected": [{id, reason}]}
    std::vector<std::string> acked;   // ids we sent that the hall acknowledged, each once, in our order
    std::vector<Rejection> rejected;  // ids we sent that the hall refused (and did not also ack), our order
    int unknown = 0;                  // ids we never sent in this batch (ignored, logged)
    int repeated = 0;                 // ids answered more than once
    std::string problem;              // why it is invalid
};

// {"acked": [ids], "rejected": [{"id", "reason"}]}; either may be missing (an older hall sends only acked).
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
