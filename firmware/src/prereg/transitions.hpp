// The pre-registration flow as an explicit state machine: every allowed (step, event) pair is one row of
// the transition table; anything else is refused. prereg::Flow (flow.hpp) drives it and keeps what the steps
// collect.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace yici::prereg {

enum class Step { identify, choose, face, materials, details, confirm, done };
enum class Event {
    card_tapped,        // a card was read: a new citizen, whatever came before
    no_card,            // the citizen continues without a card (only items with no_card_ok)
    service_chosen,     // an item from the catalog
    face_needed,        // the item chosen needs a face check against the card photo (人证核验)
    face_checked,       // the face check ended: matched, or handed to staff with its reason
    materials_checked,  // the ticked checklist
    details_given,      // mobile number, item fields, declared priority
    confirmed,          // the registration and its ticket are committed and printed
    back,               // one step back, keeping what was entered
    cancel,             // the citizen ends it (a card lifted once read does not: docs/api.md)
    idle_timeout,
};

struct Transition {
    Step from;
    Event event;
    Step to;
};

std::span<const Transition> transitionTable();

// The next step, or nullopt when the event is not allowed in this step.
std::optional<Step> next(Step from, Event event);

std::string_view stepName(Step step);
std::string_view eventName(Event event);

// cancel and idle_timeout end the session (and wipe it) from any step.
bool endsSession(Event event);

// A flow's step. It moves only by a row of the table: there is no way to set a step the table does not give.
class Steps {
  public:
    Step now() const { return step_; }
    // Takes the table's row for (now, event): the new step, or nullopt (and no move) when there is none.
    std::optional<Step> take(Event event);

  private:
    Step step_ = Step::identify;
};

}  // namespace yici::prereg
