// The pre-registration flow: each move through the transition table, what the steps collect, wiped at the
// end.
#include "prereg/flow.hpp"

#include <boost/json/object.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/secure_wipe.hpp"
#include "catalog/schedule.hpp"
#include "prereg/errors.hpp"
#include "prereg/internal/log.hpp"
#include "prereg/validation.hpp"
#include "ticket/errors.hpp"

namespace yici::prereg {
namespace {

namespace json = boost::json;

}  // namespace

void wipe(Details& details) {
    base::secureWipe(details.mobile);
    base::secureWipe(details.appointment_code);
    for (auto& [id, value] : details.fields) base::secureWipe(value);
    details.fields.clear();
    details.disabled = false;
}

Flow::Flow(boost::asio::any_io_executor executor, std::chrono::milliseconds idle_timeout,
           session::SessionEvents& events, const Clock& clock, const catalog::HallCatalog& hall)
    : session_(std::move(executor), idle_timeout, events, clock),
      events_(events),
      clock_(clock),
      hall_(hall) {
    session_.onIdle([this] { endBy(Event::idle_timeout, "idle_timeout"); });
}

void Flow::clearSteps() {
    wipe(details_);
    service_id_.clear();
    materials_have_.clear();
    face_.reset();
    confirming_ = false;
}

std::uint64_t Flow::cardPresent(const hal::IdCard& card) {
    steps_.take(Event::card_tapped);  // every step has this row: a new citizen
    clearSteps();
    const std::uint64_t serial = session_.open(card);
    events_.publish("card_tapped", json::object{{"expired", card.expired},
                                                {"id_number_valid", card.id_number_valid},
                                                {"elderly", session::isElderly(session_.age())}});
    if (card.expired) events_.cardError(Errc::card_expired);
    if (!card.id_number_valid) events_.cardError(Errc::card_number_invalid);
    return serial;
}

Expected<void> Flow::startWithoutCard() {
    if (!steps_.take(Event::no_card)) return fail(Errc::flow_step_invalid, "a session is open");
    clearSteps();
    session_.open(std::nullopt);
    return {};
}

void Flow::cardRemoved() {
    // Once read, the card may be taken: the session goes on until done, cancel or idle, and the screen stops
    // reminding the citizen to take it.
    events_.publish("card_removed", json::object{});
}

void Flow::cardError(ErrorCode code) {
    events_.cardError(code);
}

void Flow::end(std::string_view reason) {
    endBy(Event::cancel, reason);
}

void Flow::endBy(Event event, std::string_view reason) {
    // The table takes every step back to identify on an event that ends the session.
    steps_.take(event);
    clearSteps();
    session_.end(reason);
}

Expected<void> Flow::apply(Event event) {
    if (!session_.active()) return fail(Errc::no_session, "no citizen session");
    if (confirming_) return fail(Errc::registration_in_progress, "the registration is being committed");
    const Step from = steps_.now();
    if (!steps_.take(event)) {
        return fail(Errc::flow_step_invalid,
                    fmt::format("{} is not allowed at step {}", eventName(event), stepName(from)));
    }
    session_.touch();
    return {};
}

Expected<void> Flow::chooseService(std::string_view service_id) {
    if (!session_.active()) return fail(Errc::no_session, "no citizen session");
    const catalog::Service* service = hall_.service(service_id);
    if (service == nullptr)
        return fail(ticket::Errc::unknown_service, "no service item '" + std::string(service_id) + "'");
    const hal::IdCard* card = session_.card();
    if (card == nullptr && !service->no_card_ok)
        return fail(Errc::card_required, service->id + " needs the ID card");
    if (card != nullptr && card->expired) return fail(Errc::card_expired, "the card has expired");
    if (card != nullptr && !card->id_number_valid)
        return fail(Errc::card_number_invalid, "the card's number does not check");
    const catalog::Category* category = hall_.category(service->category);
    if (category == nullptr || !catalog::availability(hall_, *category, clock_.now()).issuing)
        return fail(ticket::Errc::category_closed, service->category + " is outside its issuing hours");
    // The face check compares with the card photo: without a card there is nothing to compare with, and
    // staff check the citizen's documents at the window anyway.
    const bool face = service->face_check && card != nullptr;
    if (auto ok = apply(face ? Event::face_needed : Event::service_chosen); !ok) return ok;
    if (service_id_ != service->id) {
        service_id_ = service->id;
        materials_have_.clear();
        for (const auto& id : service->materials) {
            if (provenByCard(id)) materials_have_.push_back(id);
        }
    }
    face_.reset();
    if (face && on_face_step_) on_face_step_(session_.serial());
    return {};
}

Expected<void> Flow::faceChecked(std::uint64_t serial, FaceResult result) {
    if (!session_.active() || serial != session_.serial())
        return fail(Errc::no_session, "the session of this face check has ended");
    if (auto ok = apply(Event::face_checked); !ok) return ok;
    log()->info("face check: {}", result.decision);
    events_.publish("face_done", json::object{{"decision", result.decision}});
    face_ = std::move(result);
    return {};
}

Expected<void> Flow::checkMaterials(const std::vector<std::string>& have) {
    const catalog::Service* service = hall_.service(service_id_);
    for (const auto& id : have) {
        if (service == nullptr ||
            std::find(service->materials.begin(), service->materials.end(), id) == service->materials.end()) {
            return fail(base::Errc::bad_request, "material '" + id + "' is not one of this item's");
        }
    }
    if (auto ok = apply(Event::materials_checked); !ok) return ok;
    materials_have_ = have;
    if (service == nullptr) return {};  // not at this step: apply() refused a flow without an item
    for (const auto& id : service->materials) {
        if (provenByCard(id) && std::find(have.begin(), have.end(), id) == have.end())
            materials_have_.push_back(id);
    }
    return {};
}

Expected<void> Flow::giveDetails(Details details) {
    if (steps_.now() != Step::details) return apply(Event::details_given);  // the right refusal for the step
    if (!validMobile(details.mobile)) {
        wipe(details);
        return fail(Errc::mobile_invalid, "not a mainland mobile number");
    }
    if (!details.appointment_code.empty() && !validAppointmentCode(details.appointment_code)) {
        wipe(details);
        return fail(Errc::appointment_code_invalid, "appointment codes are 6-16 letters or digits");
    }
    const catalog::Service* service = hall_.service(service_id_);
    for (const auto& [id, value] : details.fields) {
        if (service == nullptr ||
            std::find(service->fields.begin(), service->fields.end(), id) == service->fields.end()) {
            wipe(details);
            return fail(base::Errc::bad_request, "field '" + id + "' is not one of this item's");
        }
    }
    for (const auto& id : service->fields) {
        auto it = details.fields.find(id);
        const auto problem = it == details.fields.end()
                                 ? std::optional<std::string>("missing")
                                 : fieldProblem(hall_.fields.find(id)->second, it->second);
        if (problem) {
            wipe(details);
            return fail(Errc::field_invalid, id + ": " + *problem);
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

Expected<void> Flow::back() {
    return apply(Event::back);
}

bool Flow::provenByCard(std::string_view material_id) const {
    const auto m = hall_.materials.find(material_id);
    const hal::IdCard* card = session_.card();
    return m != hall_.materials.end() && m->second.card_proves && card != nullptr &&
           card->type == hal::CardType::resident_id;
}

std::vector<std::string> Flow::missingMaterials() const {
    std::vector<std::string> missing;
    if (const catalog::Service* service = hall_.service(service_id_)) {
        for (const auto& m : service->materials) {
            const auto material = hall_.materials.find(m);
            const bool provided_here = material != hall_.materials.end() && material->second.hall_can_copy;
            if (!provided_here &&
                std::find(materials_have_.begin(), materials_have_.end(), m) == materials_have_.end())
                missing.push_back(m);
        }
    }
    return missing;
}

Expected<ConfirmInput> Flow::beginConfirm() {
    if (!session_.active()) return fail(Errc::no_session, "no citizen session");
    if (confirming_) return fail(Errc::registration_in_progress, "the registration is being committed");
    if (!next(steps_.now(), Event::confirmed))
        return fail(Errc::flow_step_invalid,
                    fmt::format("confirm is not allowed at step {}", stepName(steps_.now())));
    ConfirmInput in;
    in.serial = session_.serial();
    in.has_card = session_.card() != nullptr;
    if (in.has_card) {
        in.card = *session_.card();
        base::secureWipe(in.card.photo_wlt);  // not needed to register
        base::secureWipe(in.card.fingerprint);
        in.age = session_.age();
    }
    in.service_id = service_id_;
    in.missing_materials = missingMaterials();
    in.details = details_;
    in.face = face_;
    confirming_ = true;
    session_.touch();
    return in;
}

void Flow::confirmed(std::uint64_t serial) {
    if (!session_.active() || serial != session_.serial()) return;
    confirming_ = false;
    (void)apply(Event::confirmed);  // confirm -> done: the step cannot change while confirming
    endBy(Event::cancel, "registration_done");
}

void Flow::confirmFailed(std::uint64_t serial) {
    if (serial == session_.serial()) confirming_ = false;
}

}  // namespace yici::prereg
