// Citizen session: open on tap, the flow's steps, masked view, wipe on end.
#include "session/citizen_session.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstring>

#include "api/errors.hpp"
#include "app/logging.hpp"
#include "catalog/schedule.hpp"
#include "prereg/validation.hpp"

namespace yici::session {
namespace {

namespace json = boost::json;
using prereg::Event;
using prereg::Step;

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

json::object citizenMessage(std::string_view code) {
    const auto& m = api::citizenMessage(code);
    return json::object{{"code", code}, {"message_zh", m.zh}, {"message_en", m.en}};
}

json::array strings(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

}  // namespace

void wipeString(std::string& s) {
    if (!s.empty()) ::explicit_bzero(s.data(), s.size());
    s.clear();
    s.shrink_to_fit();
}

void wipe(hal::IdCard& card) {
    for (std::string* s : {&card.name, &card.english_name, &card.gender, &card.nation, &card.nationality,
                           &card.birth_date, &card.address, &card.id_number, &card.authority,
                           &card.valid_from, &card.valid_to, &card.pass_number, &card.issue_count}) {
        wipeString(*s);
    }
    wipeBytes(card.photo_wlt);
    wipeBytes(card.fingerprint);
}

void wipe(Details& details) {
    wipeString(details.mobile);
    wipeString(details.appointment_code);
    for (auto& [id, value] : details.fields) wipeString(value);
    details.fields.clear();
    details.disabled = false;
}

void wipeBytes(std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) ::explicit_bzero(bytes.data(), bytes.size());
    bytes.clear();
    bytes.shrink_to_fit();
}

int ageOn(std::string_view birth, const LocalTime& today) {
    if (birth.size() != 8 ||
        !std::all_of(birth.begin(), birth.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    const auto num = [&](std::size_t at, std::size_t len) {
        int v = 0;
        for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (birth[i] - '0');
        return v;
    };
    const int y = num(0, 4), m = num(4, 2), d = num(6, 2);
    int age = today.year - y;
    if (today.month < m || (today.month == m && today.day < d)) --age;
    return age;
}

CitizenSessions::CitizenSessions(boost::asio::any_io_executor executor, std::chrono::seconds idle_timeout,
                                 http::EventHub& events, const Clock& clock, const catalog::HallCatalog& hall)
    : events_(events), clock_(clock), hall_(hall), idle_timeout_(idle_timeout), idle_(executor) {}

CitizenSessions::~CitizenSessions() {
    *alive_ = false;
    if (card_) wipe(*card_);
    wipe(details_);
    wipeBytes(photo_bmp_);
}

void CitizenSessions::open(std::optional<hal::IdCard> card) {
    if (card_) wipe(*card_);
    wipe(details_);
    wipeBytes(photo_bmp_);
    card_ = std::move(card);
    active_ = true;
    ++serial_;
    opened_at_ = clock_.now();
    step_ = Step::choose;
    service_id_.clear();
    materials_have_.clear();
    face_.reset();
    confirming_ = false;
    armIdleTimer();
}

std::uint64_t CitizenSessions::cardPresent(const hal::IdCard& card) {
    open(card);
    const int age = ageOn(card.birth_date, toLocal(opened_at_));
    events_.publish("card_tapped", json::object{{"expired", card.expired},
                                                {"id_number_valid", card.id_number_valid},
                                                {"elderly", age >= 70}});
    if (card.expired) events_.publish("card_error", citizenMessage("card_expired"));
    if (!card.id_number_valid) events_.publish("card_error", citizenMessage("card_number_invalid"));
    app::logger("session")->info("session opened by a card tap");
    return serial_;
}

Expected<void> CitizenSessions::startWithoutCard() {
    if (active_ && !prereg::next(step_, Event::no_card))
        return fail("flow_step_invalid", "a session is open");
    open(std::nullopt);
    app::logger("session")->info("session opened without a card");
    return {};
}

void CitizenSessions::attachPhoto(std::uint64_t serial, std::vector<std::uint8_t> bmp) {
    if (!card_ || serial != serial_) {
        wipeBytes(bmp);  // the citizen has gone: the photo goes too
        return;
    }
    photo_bmp_ = std::move(bmp);
    events_.publish("photo_ready", json::object{});
}

void CitizenSessions::cardRemoved() {
    events_.publish("card_removed", json::object{});
    if (card_) end("card_removed");  // a citizen who continued without a card is not affected
}

void CitizenSessions::cardError(std::string_view code) {
    events_.publish("card_error", citizenMessage(code));
}

void CitizenSessions::end(std::string_view reason) {
    idle_.cancel();
    if (!active_) return;
    if (card_) wipe(*card_);
    card_.reset();
    wipe(details_);
    wipeBytes(photo_bmp_);
    service_id_.clear();
    materials_have_.clear();
    face_.reset();
    active_ = false;
    confirming_ = false;
    step_ = Step::identify;
    app::logger("session")->info("session ended: {}", reason);
    events_.publish("session_ended", json::object{{"reason", reason}});
}

void CitizenSessions::touch() {
    if (active_) armIdleTimer();
}

void CitizenSessions::setElderMode(bool on) {
    if (on != elder_mode_) app::logger("session")->info("elder mode {}", on ? "on" : "off");
    elder_mode_ = on;
    if (active_) armIdleTimer();
}

void CitizenSessions::armIdleTimer() {
    idle_.expires_after(idleTimeout());
    idle_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
        if (ec || !*alive) return;  // cancelled: re-armed or ended
        end("idle_timeout");
    });
}

Expected<void> CitizenSessions::apply(Event event) {
    if (!active_) return fail("no_session", "no citizen session");
    if (confirming_) return fail("registration_in_progress", "the registration is being committed");
    const auto to = prereg::next(step_, event);
    if (!to) {
        return fail("flow_step_invalid", fmt::format("{} is not allowed at step {}", prereg::eventName(event),
                                                     prereg::stepName(step_)));
    }
    step_ = *to;
    armIdleTimer();
    return {};
}

Expected<void> CitizenSessions::chooseService(std::string_view service_id) {
    if (!active_) return fail("no_session", "no citizen session");
    const catalog::Service* service = hall_.service(service_id);
    if (service == nullptr)
        return fail("unknown_service", "no service item '" + std::string(service_id) + "'");
    if (!card_ && !service->no_card_ok) return fail("card_required", service->id + " needs the ID card");
    if (card_ && card_->expired) return fail("card_expired", "the card has expired");
    if (card_ && !card_->id_number_valid)
        return fail("card_number_invalid", "the card's number does not check");
    const catalog::Category* category = hall_.category(service->category);
    if (category == nullptr || !catalog::availability(hall_, *category, clock_.now()).issuing)
        return fail("category_closed", service->category + " is outside its issuing hours");
    // The face check compares with the card photo: without a card there is nothing to compare with, and
    // staff check the citizen's documents at the window anyway.
    const bool face = service->face_check && card_.has_value();
    if (auto ok = apply(face ? Event::face_needed : Event::service_chosen); !ok) return ok;
    if (service_id_ != service->id) materials_have_.clear();
    service_id_ = service->id;
    face_.reset();
    if (face && on_face_step_) on_face_step_(serial_);
    return {};
}

Expected<void> CitizenSessions::faceChecked(std::uint64_t serial, FaceResult result) {
    if (!active_ || serial != serial_) return fail("no_session", "the session of this face check has ended");
    if (auto ok = apply(Event::face_checked); !ok) return ok;
    app::logger("session")->info("face check: {}", result.decision);
    events_.publish("face_done", json::object{{"decision", result.decision}});
    face_ = std::move(result);
    return {};
}

Expected<void> CitizenSessions::checkMaterials(const std::vector<std::string>& have) {
    const catalog::Service* service = hall_.service(service_id_);
    for (const auto& id : have) {
        if (service == nullptr ||
            std::find(service->materials.begin(), service->materials.end(), id) == service->materials.end()) {
            return fail("bad_request", "material '" + id + "' is not one of this item's");
        }
    }
    if (auto ok = apply(Event::materials_checked); !ok) return ok;
    materials_have_ = have;
    return {};
}

Expected<void> CitizenSessions::giveDetails(Details details) {
    if (step_ != Step::details) return apply(Event::details_given);  // the right refusal for the step
    if (!prereg::validMobile(details.mobile)) {
        wipe(details);
        return fail("mobile_invalid", "not a mainland mobile number");
    }
    if (!details.appointment_code.empty() && !prereg::validAppointmentCode(details.appointment_code)) {
        wipe(details);
        return fail("appointment_code_invalid", "appointment codes are 6-16 letters or digits");
    }
    const catalog::Service* service = hall_.service(service_id_);
    for (const auto& [id, value] : details.fields) {
        if (service == nullptr ||
            std::find(service->fields.begin(), service->fields.end(), id) == service->fields.end()) {
            wipe(details);
            return fail("bad_request", "field '" + id + "' is not one of this item's");
        }
    }
    for (const auto& id : service->fields) {
        auto it = details.fields.find(id);
        const auto problem = it == details.fields.end()
                                 ? std::optional<std::string>("missing")
                                 : prereg::fieldProblem(hall_.fields.find(id)->second, it->second);
        if (problem) {
            wipe(details);
            return fail("field_invalid", id + ": " + *problem);
        }
    }
    if (auto ok = apply(Event::details_given); !ok) {
        wipe(details);
        return ok;
    }
    wipe(details_);
    details_ = std::move(details);
    return {};
}

Expected<void> CitizenSessions::back() {
    return apply(Event::back);
}

std::vector<std::string> CitizenSessions::missingMaterials() const {
    std::vector<std::string> missing;
    if (const catalog::Service* service = hall_.service(service_id_)) {
        for (const auto& m : service->materials) {
            if (std::find(materials_have_.begin(), materials_have_.end(), m) == materials_have_.end())
                missing.push_back(m);
        }
    }
    return missing;
}

Expected<ConfirmInput> CitizenSessions::beginConfirm() {
    if (!active_) return fail("no_session", "no citizen session");
    if (confirming_) return fail("registration_in_progress", "the registration is being committed");
    if (!prereg::next(step_, Event::confirmed))
        return fail("flow_step_invalid",
                    fmt::format("confirm is not allowed at step {}", prereg::stepName(step_)));
    ConfirmInput in;
    in.serial = serial_;
    in.has_card = card_.has_value();
    if (card_) {
        in.card = *card_;
        wipeBytes(in.card.photo_wlt);  // not needed to register
        wipeBytes(in.card.fingerprint);
        in.age = ageOn(card_->birth_date, toLocal(clock_.now()));
    }
    in.service_id = service_id_;
    in.missing_materials = missingMaterials();
    in.details = details_;
    in.face = face_;
    confirming_ = true;
    armIdleTimer();
    return in;
}

void CitizenSessions::confirmed(std::uint64_t serial) {
    if (!active_ || serial != serial_) return;
    confirming_ = false;
    step_ = *prereg::next(step_, Event::confirmed);
    end("registration_done");
}

void CitizenSessions::confirmFailed(std::uint64_t serial) {
    if (serial == serial_) confirming_ = false;
}

std::optional<json::object> CitizenSessions::view() const {
    if (!active_) return std::nullopt;
    json::object flow{{"step", prereg::stepName(step_)},
                      {"service_id", service_id_.empty() ? json::value(nullptr) : json::value(service_id_)},
                      {"materials_have", strings(materials_have_)},
                      {"materials_missing", strings(missingMaterials())},
                      {"confirming", confirming_}};
    if (face_) {
        flow["face"] = json::object{{"decision", face_->decision},
                                    {"score", face_->score ? json::value(*face_->score) : json::value(nullptr)}};
    }
    if (const catalog::Service* service = hall_.service(service_id_)) {
        // The checklist: what to bring, whether the citizen has it, and where to get what they lack.
        json::array materials;
        for (const auto& id : service->materials) {
            const auto m = hall_.materials.find(id);
            if (m == hall_.materials.end()) continue;
            const bool have =
                std::find(materials_have_.begin(), materials_have_.end(), id) != materials_have_.end();
            materials.push_back(json::object{{"id", id},
                                             {"name_zh", m->second.name_zh},
                                             {"name_en", m->second.name_en},
                                             {"have", have},
                                             {"hall_can_copy", m->second.hall_can_copy},
                                             {"where_zh", m->second.where_zh},
                                             {"where_en", m->second.where_en}});
        }
        flow["materials"] = std::move(materials);
        flow["fields"] = strings(service->fields);
    }
    if (step_ == Step::confirm) {
        json::object fields;
        for (const auto& [id, value] : details_.fields) {
            const auto f = hall_.fields.find(id);
            const bool digits = f != hall_.fields.end() && f->second.kind == catalog::Field::Kind::digits;
            fields[id] = digits ? hal::maskIdNumber(value) : value;
        }
        flow["details"] = json::object{{"mobile_masked", prereg::maskMobile(details_.mobile)},
                                       {"fields", std::move(fields)},
                                       {"disabled", details_.disabled},
                                       {"appointment", !details_.appointment_code.empty()}};
    }
    json::value citizen = nullptr;
    if (card_) {
        const auto& c = *card_;
        const int age = ageOn(c.birth_date, toLocal(clock_.now()));
        citizen = json::object{{"card_type", typeName(c.type)},
                               {"name", c.name},
                               {"english_name", c.english_name},
                               {"gender", c.gender},
                               {"nation", c.nation},
                               {"nationality", c.nationality},
                               {"birth_date", c.birth_date},
                               {"age", age},
                               {"elderly", age >= 70},
                               {"address", c.address},
                               {"name_masked", prereg::maskName(c.name)},
                               {"address_masked", prereg::maskAddress(c.address)},
                               {"id_number_masked", hal::maskIdNumber(c.id_number)},
                               {"authority", c.authority},
                               {"valid_from", c.valid_from},
                               {"valid_to", c.valid_to},
                               {"expired", c.expired},
                               {"id_number_valid", c.id_number_valid},
                               {"pass_number_masked", hal::maskIdNumber(c.pass_number)}};
    }
    const auto idle_left =
        std::chrono::duration_cast<std::chrono::seconds>(idle_.expiry() - std::chrono::steady_clock::now());
    return json::object{{"active", true},
                        {"has_card", card_.has_value()},
                        {"opened_at", toLocal(opened_at_).iso8601()},
                        {"idle_timeout_s", idleTimeout().count()},
                        {"photo", !photo_bmp_.empty()},
                        {"expires_in_s", std::max<long>(0, idle_left.count())},
                        {"citizen", std::move(citizen)},
                        {"flow", std::move(flow)}};
}

}  // namespace yici::session
