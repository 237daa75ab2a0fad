// The transition table of the pre-registration flow.
#include "prereg/transitions.hpp"

#include <algorithm>
#include <array>

namespace yici::prereg {
namespace {

using enum Step;
using E = Event;

// clang-format off
constexpr std::array table = std::to_array<Transition>({
    // A card tap always starts over with the new card's citizen.
    {identify,  E::card_tapped,       choose},
    {choose,    E::card_tapped,       choose},
    {face,      E::card_tapped,       choose},
    {materials, E::card_tapped,       choose},
    {details,   E::card_tapped,       choose},
    {confirm,   E::card_tapped,       choose},
    {done,      E::card_tapped,       choose},
    {identify,  E::no_card,           choose},
    {choose,    E::service_chosen,    materials},
    {choose,    E::face_needed,       face},
    {face,      E::face_checked,      materials},
    {face,      E::back,              choose},
    {materials, E::materials_checked, details},
    {details,   E::details_given,     confirm},
    {confirm,   E::confirmed,         done},
    {materials, E::back,              choose},
    {details,   E::back,              materials},
    {confirm,   E::back,              details},
    // Ending: every step goes back to identify, with the session wiped.
    {identify,  E::cancel,            identify},
    {choose,    E::cancel,            identify},
    {face,      E::cancel,            identify},
    {materials, E::cancel,            identify},
    {details,   E::cancel,            identify},
    {confirm,   E::cancel,            identify},
    {done,      E::cancel,            identify},
    {identify,  E::idle_timeout,      identify},
    {choose,    E::idle_timeout,      identify},
    {face,      E::idle_timeout,      identify},
    {materials, E::idle_timeout,      identify},
    {details,   E::idle_timeout,      identify},
    {confirm,   E::idle_timeout,      identify},
    {done,      E::idle_timeout,      identify},
});
// clang-format on

}  // namespace

std::span<const Transition> transitionTable() {
    return table;
}

std::optional<Step> next(Step from, Event event) {
    auto it = std::find_if(table.begin(), table.end(),
                           [&](const Transition& t) { return t.from == from && t.event == event; });
    if (it == table.end()) return std::nullopt;
    return it->to;
}

std::optional<Step> Steps::take(Event event) {
    const auto to = next(step_, event);
    if (to) step_ = *to;
    return to;
}

bool endsSession(Event event) {
    return event == E::cancel || event == E::idle_timeout;
}

std::string_view stepName(Step step) {
    switch (step) {
        case identify:
            return "identify";
        case choose:
            return "choose";
        case face:
            return "face";
        case materials:
            return "materials";
        case details:
            return "details";
        case confirm:
            return "confirm";
        case done:
            return "done";
    }
    return "identify";
}

std::string_view eventName(Event event) {
    switch (event) {
        case E::card_tapped:
            return "card_tapped";
        case E::no_card:
            return "no_card";
        case E::service_chosen:
            return "service_chosen";
        case E::face_needed:
            return "face_needed";
        case E::face_checked:
            return "face_checked";
        case E::materials_checked:
            return "materials_checked";
        case E::details_given:
            return "details_given";
        case E::confirmed:
            return "confirmed";
        case E::back:
            return "back";
        case E::cancel:
            return "cancel";
        case E::idle_timeout:
            return "idle_timeout";
    }
    return "cancel";
}

}  // namespace yici::prereg
