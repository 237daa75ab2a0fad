// The ticket's JSON: every field an answer shows, the priority in the words the paper prints.
#include "api/internal/ticket_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value_from.hpp>

#include "queue/priority.hpp"

namespace yici::api {

namespace json = boost::json;

json::object ticketJson(const store::Ticket& t, const catalog::Category* category) {
    json::object o;
    o["id"] = t.id;
    o["number"] = t.number;
    o["service_id"] = t.service_id;
    o["category"] = t.category;
    o["window"] = t.windows;
    o["windows"] = category != nullptr ? json::value_from(category->windows) : json::value(json::array{});
    o["issued_at"] = t.issued_at;
    o["waiting_ahead"] = t.waiting_ahead;
    o["est_wait_min"] = t.est_wait_min;
    o["est_wait_range"] = json::array{t.est_wait_low_min, t.est_wait_high_min};
    o["priority"] = queue::priorityName(t.priority);
    if (const queue::Wording wording = queue::priorityWording(t.priority); !wording.zh.empty()) {
        o["priority_wording"] = json::object{{"zh", wording.zh}, {"en", wording.en}};
    } else {
        o["priority_wording"] = nullptr;
    }
    o["priority_claim"] = t.priority_claim;
    o["registration_id"] = t.registration_id.empty() ? json::value(nullptr) : json::value(t.registration_id);
    o["called_window"] = t.called_window.empty() ? json::value(nullptr) : json::value(t.called_window);
    o["offline"] = t.offline;
    o["status"] = store::statusName(t.status);
    o["print_outcome"] = t.print_outcome.empty() ? json::value(nullptr) : json::value(t.print_outcome);
    return o;
}

}  // namespace yici::api
