// Hall answers are outside input: parsed with non-throwing Boost.JSON calls, every field checked.
#include "hall/hall_protocol.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>

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
    if (acked == nullptr || !acked->is_array()) {
        answer.problem = "the answer is not {\"acked\": [...]}";
        return answer;
    }
    std::set<std::string_view> seen;
    const std::set<std::string_view> sent(sent_ids.begin(), sent_ids.end());
    for (const json::value& item : acked->get_array()) {
        const json::string* id = item.if_string();
        if (id == nullptr) {
            answer.problem = "an acked id is not a string";
            return answer;
        }
        const std::string_view text(*id);
        if (!sent.contains(text)) {
            ++answer.unknown;
        } else if (!seen.insert(text).second) {
            ++answer.repeated;
        }
    }
    for (const auto& id : sent_ids) {
        if (seen.contains(id)) answer.acked.push_back(id);
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
