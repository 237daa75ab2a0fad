// Hall answers are outside input: parsed with non-throwing Boost.JSON calls, every field checked.
#include "hall/hall_protocol.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "base/utf8.hpp"

namespace yici::hall {
namespace {

namespace json = boost::json;

bool shortToken(std::string_view s, std::size_t max) {
    return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
               c == '/' || c == '_';
    });
}

bool smallCount(const json::value* v, int& out) {
    if (v == nullptr || !v->is_int64() || v->get_int64() < 0 || v->get_int64() > 100000) return false;
    out = static_cast<int>(v->get_int64());
    return true;
}

// At most 200 bytes of the hall's text, cut on a character boundary, control characters as spaces: it is
// stored and shown to a technician.
std::string printable(std::string_view text) {
    std::string out(text.substr(0, base::utf8::prefixWithin(text, 200)));
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    return out;
}

}  // namespace

std::string eventsBody(const std::vector<OutgoingEvent>& events) {
    json::array list;
    for (const auto& e : events) {
        boost::system::error_code ec;
        json::value data = json::parse(e.data_json, ec);
        if (ec || !data.is_object()) data = json::object{};
        if (!e.personal_json.empty()) {
            json::value personal = json::parse(e.personal_json, ec);
            if (!ec) data.as_object()["personal"] = std::move(personal);
        }
        list.push_back(json::object{{"id", e.id}, {"type", e.type}, {"at", e.at}, {"data", std::move(data)}});
    }
    return json::serialize(json::object{{"events", std::move(list)}});
}

AckAnswer parseAcks(std::string_view body, const std::vector<std::string>& sent_ids) {
    AckAnswer answer;
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    const json::value* acked = o != nullptr ? o->if_contains("acked") : nullptr;
    const json::value* rejected = o != nullptr ? o->if_contains("rejected") : nullptr;
    if ((acked == nullptr && rejected == nullptr) || (acked != nullptr && !acked->is_array()) ||
        (rejected != nullptr && !rejected->is_array())) {
        answer.problem = "the answer is not {\"acked\": [...], \"rejected\": [...]}";
        return answer;
    }
    const std::set<std::string_view> sent(sent_ids.begin(), sent_ids.end());
    std::set<std::string_view> seen_acked;
    std::map<std::string_view, std::string> seen_rejected;
    // Counts an id as answered; false when it was not in the batch or was answered before.
    auto answered = [&](std::string_view id) {
        if (!sent.contains(id)) {
            ++answer.unknown;
            return false;
        }
        if (seen_acked.contains(id) || seen_rejected.contains(id)) {
            ++answer.repeated;
            return false;
        }
        return true;
    };
    static const json::array none;
    for (const json::value& item : acked != nullptr ? acked->get_array() : none) {
        const json::string* id = item.if_string();
        if (id == nullptr) {
            answer.problem = "an acked id is not a string";
            return answer;
        }
        if (answered(*id)) seen_acked.insert(*id);
    }
    for (const json::value& item : rejected != nullptr ? rejected->get_array() : none) {
        const json::object* r = item.if_object();
        const json::value* id = r != nullptr ? r->if_contains("id") : nullptr;
        const json::value* reason = r != nullptr ? r->if_contains("reason") : nullptr;
        if (id == nullptr || !id->is_string() || (reason != nullptr && !reason->is_string())) {
            answer.problem = "a rejection is not {\"id\": string, \"reason\": string}";
            return answer;
        }
        if (answered(id->get_string()))
            seen_rejected[id->get_string()] = reason != nullptr ? printable(reason->get_string()) : "";
    }
    for (const auto& id : sent_ids) {
        if (seen_acked.contains(id)) answer.acked.push_back(id);
        if (const auto r = seen_rejected.find(id); r != seen_rejected.end())
            answer.rejected.push_back({id, r->second});
    }
    answer.valid = true;
    return answer;
}

TicketAnswer parseTicketAnswer(std::string_view body) {
    TicketAnswer answer;
    boost::system::error_code ec;
    const json::value v = json::parse(body, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    if (o == nullptr) {
        answer.problem = "the answer is not a JSON object";
        return answer;
    }
    const json::value* number = o->if_contains("number");
    const json::value* window = o->if_contains("window");
    if (number == nullptr || !number->is_string() || !shortToken(number->get_string(), 16)) {
        answer.problem = "number must be 1-16 letters and digits";
        return answer;
    }
    if (window == nullptr || !window->is_string() || !shortToken(window->get_string(), 32)) {
        answer.problem = "window must be a short string";
        return answer;
    }
    if (!smallCount(o->if_contains("waiting_ahead"), answer.waiting_ahead) ||
        !smallCount(o->if_contains("est_wait_min"), answer.est_wait_min)) {
        answer.problem = "waiting_ahead and est_wait_min must be counts";
        return answer;
    }
    answer.number = std::string(number->get_string());
    answer.window = std::string(window->get_string());
    answer.valid = true;
    return answer;
}

}  // namespace yici::hall
