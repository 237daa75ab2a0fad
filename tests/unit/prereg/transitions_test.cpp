// The pre-registration transition table, every step against every event, and the priority rule.
#include <doctest/doctest.h>

#include <array>
#include <optional>
#include <type_traits>

#include "prereg/registration_service.hpp"
#include "prereg/transitions.hpp"

using namespace yici;
using prereg::Event;
using prereg::Step;

namespace {

constexpr std::array steps = {Step::identify, Step::choose,  Step::face, Step::materials,
                              Step::details,  Step::confirm, Step::done};
constexpr std::array events = {Event::card_tapped,   Event::no_card,      Event::service_chosen,
                               Event::face_needed,   Event::face_checked, Event::materials_checked,
                               Event::details_given, Event::confirmed,    Event::back,
                               Event::cancel,        Event::idle_timeout};

// Written out by hand, so a changed table fails here: rows are steps, columns the events above; '-' is
// refused, otherwise the first letter of the next step (I)dentify (C)hoose f(A)ce (M)aterials (D)etails
// con(F)irm d(O)ne.
// clang-format off
constexpr std::array<std::string_view, 7> expected = {
    // columns: card no svc face fchk mat det conf back canc idle
    "CC-------II",  // identify
    "C-MA-----II",  // choose
    "C---M---CII",  // face
    "C----D--CII",  // materials
    "C-----F-MII",  // details
    "C------ODII",  // confirm
    "C--------II",  // done
};
// clang-format on

char letter(std::optional<Step> s) {
    if (!s) return '-';
    switch (*s) {
        case Step::identify:
            return 'I';
        case Step::choose:
            return 'C';
        case Step::face:
            return 'A';
        case Step::materials:
            return 'M';
        case Step::details:
            return 'D';
        case Step::confirm:
            return 'F';
        case Step::done:
            return 'O';
    }
    return '?';
}

}  // namespace

TEST_CASE("every step against every event: the transition table allows exactly the flow's moves") {
    for (std::size_t s = 0; s < steps.size(); ++s) {
        for (std::size_t e = 0; e < events.size(); ++e) {
            CAPTURE(prereg::stepName(steps[s]));
            CAPTURE(prereg::eventName(events[e]));
            CHECK(letter(prereg::next(steps[s], events[e])) == expected[s][e]);
        }
    }
}

TEST_CASE("cancel and idle timeout end the session from every step") {
    for (Event e : {Event::cancel, Event::idle_timeout}) {
        CHECK(prereg::endsSession(e));
        for (Step s : steps) CHECK(prereg::next(s, e) == Step::identify);
    }
    CHECK_FALSE(prereg::endsSession(Event::back));
}

TEST_CASE("the table has no duplicate rows, so every move is decided in one place") {
    const auto table = prereg::transitionTable();
    for (std::size_t i = 0; i < table.size(); ++i)
        for (std::size_t j = i + 1; j < table.size(); ++j)
            CHECK_FALSE((table[i].from == table[j].from && table[i].event == table[j].event));
}

TEST_CASE(
    "priority: seventy and over proven by the card; a declared need or an appointment code only claims it") {
    CHECK(prereg::decidePriority(69, false, false).priority == queue::Priority::normal);
    CHECK(prereg::decidePriority(70, false, false).priority == queue::Priority::elderly);
    CHECK(prereg::decidePriority(-1, false, false).priority ==
          queue::Priority::normal);  // no card: no birth date
    const auto proven = prereg::decidePriority(81, true, true);
    CHECK(proven.priority == queue::Priority::elderly);
    CHECK(proven.reasons == std::vector<std::string>{"elderly"});  // nothing left to claim, nothing kept
    CHECK(proven.claim == ticket::Claim::none);
    for (int age : {-1, 30}) {
        const auto declared = prereg::decidePriority(age, true, true);
        CHECK(declared.priority == queue::Priority::normal);
        CHECK(declared.reasons.empty());
        CHECK(declared.claim == ticket::Claim::priority);
        const auto appointment = prereg::decidePriority(age, false, true);
        CHECK(appointment.priority == queue::Priority::normal);
        CHECK(appointment.claim == ticket::Claim::appointment);
    }
}

TEST_CASE("a flow's step moves only by a row of the table, and stays where it is when there is none") {
    prereg::Steps steps;
    CHECK(steps.now() == prereg::Step::identify);
    CHECK_FALSE(steps.take(prereg::Event::confirmed).has_value());  // no row: no move
    CHECK(steps.now() == prereg::Step::identify);
    CHECK(steps.take(prereg::Event::no_card) == prereg::Step::choose);
    CHECK_FALSE(steps.take(prereg::Event::no_card).has_value());  // a session is open
    CHECK(steps.take(prereg::Event::service_chosen) == prereg::Step::materials);
    CHECK(steps.take(prereg::Event::back) == prereg::Step::choose);
    CHECK(steps.take(prereg::Event::idle_timeout) == prereg::Step::identify);
    // Steps has no setter: a step can only come from the table.
    static_assert(!std::is_assignable_v<prereg::Steps&, prereg::Step>);
}
