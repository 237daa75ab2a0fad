// What the citizen session tells the screens: the UI's event stream in yicid (api::UiEvents), a recorder in
// tests. Never personal data in an event.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "base/error_code.hpp"

namespace yici::session {

class SessionEvents {
  public:
    virtual ~SessionEvents() = default;
    // An event by name ("card_tapped", "session_ended", ...) with its fields.
    virtual void publish(std::string_view name, const boost::json::object& data) = 0;
    // The card on the reader cannot be used (`code`: card_expired, wrong_card, ...): the screen says why.
    virtual void cardError(ErrorCode code) = 0;
};

}  // namespace yici::session
