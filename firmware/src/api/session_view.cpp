// The citizen session as the UI sees it (GET /api/v1/session): card fields masked for display, the flow's
// progress and the checklist. Never the full ID number, nor a field that would complete its mask.
#include "api/internal/session_view.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value_from.hpp>

#include "prereg/validation.hpp"

namespace yici::api {
namespace {

namespace json = boost::json;

std::string_view typeName(hal::CardType type) {
    switch (type) {
        case hal::CardType::resident_id:
            return "resident_id";
        case hal::CardType::hk_macau_taiwan_permit:
            return "hk_macau_taiwan_permit";
        case hal::CardType::foreign_permanent_2017:
            return "foreign_permanent_2017";
        case hal::CardType::foreign_permanent_2023:
            return "foreign_permanent_2023";
    }
    return "resident_id";
}

}  // namespace

std::optional<json::object> sessionView(const prereg::Flow& flow_state, const catalog::HallCatalog& hall,
                                        const json::storage_ptr& sp) {
    const session::CitizenSession& session = flow_state.session();
    if (!session.active()) return std::nullopt;
    // Every part is built in the view's storage (a nested object in another would be copied, and its
    // first copy freed unwiped).
    json::object flow(
        {{"step", prereg::stepName(flow_state.step())},
         {"service_id", flow_state.serviceId().empty() ? json::value(nullptr, sp)
                                                       : json::value(flow_state.serviceId(), sp)},
         {"materials_have", json::value_from(flow_state.materialsHave(), sp)},
         {"materials_missing", json::value_from(flow_state.missingMaterials(), sp)},
         {"confirming", flow_state.confirming()}},
        sp);
    if (const auto& face = flow_state.face()) {
        flow["face"] =
            json::object({{"decision", face->decision},
                          {"score", face->score ? json::value(*face->score) : json::value(nullptr)}},
                         sp);
    }
    if (const catalog::Service* service = hall.service(flow_state.serviceId())) {
        // The checklist: what to bring, whether the citizen has it, and where to get what they lack.
        json::array materials(sp);
        const auto& have_list = flow_state.materialsHave();
        for (const auto& id : service->materials) {
            const auto m = hall.materials.find(id);
            if (m == hall.materials.end()) continue;
            const bool have = std::find(have_list.begin(), have_list.end(), id) != have_list.end();
            materials.push_back(json::object({{"id", id},
                                              {"name_zh", m->second.name_zh},
                                              {"name_en", m->second.name_en},
                                              {"have", have},
                                              {"hall_can_copy", m->second.hall_can_copy},
                                              {"proven_by_card", flow_state.provenByCard(id)},
                                              {"where_zh", m->second.where_zh},
                                              {"where_en", m->second.where_en}},
                                             sp));
        }
        flow["materials"] = std::move(materials);
        flow["fields"] = json::value_from(service->fields, sp);
    }
    if (flow_state.step() == prereg::Step::confirm) {
        const prereg::Details& details = flow_state.details();
        json::object fields(sp);
        for (const auto& [id, value] : details.fields) {
            const auto f = hall.fields.find(id);
            const bool digits = f != hall.fields.end() && f->second.kind == catalog::Field::Kind::digits;
            fields[id] = digits ? hal::maskIdNumber(value) : value;
        }
        flow["details"] = json::object({{"mobile_masked", prereg::maskMobile(details.mobile)},
                                        {"fields", std::move(fields)},
                                        {"disabled", details.disabled},
                                        {"appointment", !details.appointment_code.empty()}},
                                       sp);
    }
    json::value citizen(nullptr, sp);
    if (const hal::IdCard* card = session.card()) {
        // Only what the screen shows. No birth date, address, authority or validity dates: with the
        // masked number they would rebuild it (docs/security.md). The full name only where the citizen
        // checks it before confirming.
        const int age = session.age();
        json::object c({{"card_type", typeName(card->type)},
                        {"name_masked", prereg::maskName(card->name)},
                        {"id_number_masked", hal::maskIdNumber(card->id_number)},
                        {"age", age},
                        {"elderly", session::isElderly(age)},
                        {"expired", card->expired},
                        {"id_number_valid", card->id_number_valid}},
                       sp);
        if (flow_state.step() == prereg::Step::confirm) c["name"] = card->name;
        citizen = std::move(c);
    }
    return json::object(
        {{"active", true},
         {"has_card", session.card() != nullptr},
         {"opened_at", toLocal(session.openedAt()).iso8601()},
         {"idle_timeout_s", std::chrono::ceil<std::chrono::seconds>(session.idleTimeout()).count()},
         {"photo", !session.photoBmp().empty()},
         {"expires_in_s", session.expiresIn().count()},
         {"citizen", std::move(citizen)},
         {"flow", std::move(flow)}},
        sp);
}

}  // namespace yici::api
