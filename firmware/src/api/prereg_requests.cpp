// Strict, non-throwing parsing: every key is checked for type and size, unknown keys are refused.
#include "api/internal/prereg_requests.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>

#include "api/errors.hpp"
#include "base/error.hpp"
#include "http/wiping_memory.hpp"
#include "privacy/staff_cards.hpp"

namespace yici::api {
namespace {

namespace json = boost::json;

constexpr std::size_t max_text = 200;
constexpr std::size_t max_items = 64;

// Parsed in the wiping storage: the details carry a mobile number and the citizen's field values.
Expected<json::object> objectOf(std::string_view body, std::initializer_list<std::string_view> allowed) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec, http::wipingStorage());
    if (ec || !v.is_object()) return fail(base::Errc::bad_request, "body must be a JSON object");
    json::object& o = v.get_object();
    for (const auto& [key, value] : o) {
        if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end())
            return fail(base::Errc::bad_request, "unknown key '" + std::string(key.substr(0, 40)) + "'");
    }
    return std::move(o);
}

Expected<std::string> text(const json::object& o, std::string_view key, bool required, std::size_t max) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
        if (required) return fail(base::Errc::bad_request, std::string(key) + " is required");
        return std::string{};
    }
    const json::string* s = v->if_string();
    if (s == nullptr || s->size() > max)
        return fail(base::Errc::bad_request, std::string(key) + " must be a short string");
    return std::string(*s);
}

Expected<std::vector<std::string>> textList(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return out;
    const json::array* a = v->if_array();
    if (a == nullptr || a->size() > max_items)
        return fail(base::Errc::bad_request, std::string(key) + " must be a list");
    for (const json::value& item : *a) {
        const json::string* s = item.if_string();
        if (s == nullptr || s->empty() || s->size() > 64)
            return fail(base::Errc::bad_request, std::string(key) + " must hold short strings");
        if (std::find(out.begin(), out.end(), std::string_view(*s)) == out.end()) out.emplace_back(*s);
    }
    return out;
}

}  // namespace

Expected<bool> parseElderMode(std::string_view body) {
    auto o = objectOf(body, {"on"});
    if (!o) return std::unexpected(o.error());
    const json::value* on = o->if_contains("on");
    if (on == nullptr || !on->is_bool()) return fail(base::Errc::bad_request, "on must be true or false");
    return on->get_bool();
}

Expected<std::string> parseTechnicianLogin(std::string_view body) {
    auto o = objectOf(body, {"pin"});
    if (!o) return std::unexpected(o.error());
    return text(*o, "pin", true, 64);
}

Expected<std::string> parseServiceChoice(std::string_view body) {
    auto o = objectOf(body, {"service_id"});
    if (!o) return std::unexpected(o.error());
    auto id = text(*o, "service_id", true, 64);
    if (id && id->empty()) return fail(base::Errc::bad_request, "service_id is empty");
    return id;
}

Expected<std::vector<std::string>> parseMaterials(std::string_view body) {
    auto o = objectOf(body, {"have"});
    if (!o) return std::unexpected(o.error());
    return textList(*o, "have");
}

Expected<prereg::Details> parseDetails(std::string_view body) {
    auto o = objectOf(body, {"mobile", "fields", "disabled", "appointment_code"});
    if (!o) return std::unexpected(o.error());
    prereg::Details d;
    auto mobile = text(*o, "mobile", true, 32);
    if (!mobile) return std::unexpected(mobile.error());
    d.mobile = std::move(*mobile);
    auto code = text(*o, "appointment_code", false, 32);
    if (!code) return std::unexpected(code.error());
    d.appointment_code = std::move(*code);
    if (const json::value* disabled = o->if_contains("disabled")) {
        if (!disabled->is_bool()) return fail(base::Errc::bad_request, "disabled must be true or false");
        d.disabled = disabled->get_bool();
    }
    if (const json::value* fields = o->if_contains("fields")) {
        const json::object* f = fields->if_object();
        if (f == nullptr || f->size() > max_items)
            return fail(base::Errc::bad_request, "fields must be an object");
        for (const auto& [key, value] : *f) {
            const json::string* s = value.if_string();
            if (key.size() > 64 || s == nullptr || s->size() > max_text)
                return fail(base::Errc::bad_request, "field values must be short strings");
            d.fields.emplace(std::string(key), std::string(*s));
        }
    }
    return d;
}

Expected<RatingRequest> parseRating(std::string_view body) {
    auto o = objectOf(body, {"ticket", "score", "reasons"});
    if (!o) return std::unexpected(o.error());
    RatingRequest r;
    auto ticket = text(*o, "ticket", true, 32);
    if (!ticket) return std::unexpected(ticket.error());
    r.ticket = std::move(*ticket);
    const json::value* score = o->if_contains("score");
    if (score == nullptr || !score->is_int64() || score->get_int64() < 1 || score->get_int64() > 5)
        return fail(Errc::rating_invalid, "score must be an integer from 1 to 5");
    r.score = static_cast<int>(score->get_int64());
    auto reasons = textList(*o, "reasons");
    if (!reasons) return std::unexpected(reasons.error());
    r.reasons = std::move(*reasons);
    return r;
}

Expected<std::string> parseStaffConfirmation(std::string_view body) {
    auto o = objectOf(body, {"staff"});
    if (!o) return std::unexpected(o.error());
    auto staff = text(*o, "staff", true, 32);
    if (!staff) return staff;
    if (!privacy::isStaffId(*staff))
        return fail(base::Errc::bad_request, "staff must be 1-32 letters, digits, '-' or '_'");
    return staff;
}

}  // namespace yici::api
