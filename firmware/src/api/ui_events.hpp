// The UI's event stream, GET /api/v1/events: the session's events, card errors in the citizen's words, and
// device changes as citizens see them.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

#include "base/error_code.hpp"
#include "http/event_stream.hpp"
#include "http/router.hpp"
#include "session/session_events.hpp"
#include "yici/hal/health.hpp"

namespace yici::api {

class UiEvents final : public session::SessionEvents {
  public:
    explicit UiEvents(http::EventHub& hub) : hub_(hub) {}
    void publish(std::string_view name, const boost::json::object& data) override {
        hub_.publish(name, data);
    }
    // card_error {"code", "message_zh", "message_en"}
    void cardError(ErrorCode code) override;
    // device {deviceJson()}
    void deviceChanged(std::string_view device, const hal::Health& health);

  private:
    http::EventHub& hub_;
};

// GET /api/v1/events: the hub's stream.
void addEventRoutes(http::Router& router, http::EventHub& hub);

// A device as the citizen screen sees it (catalog "devices", event "device"): its level and code, and what
// to tell the citizen: the message of the code when it is about this device, else "". Never the detail.
boost::json::object deviceJson(std::string_view device, const hal::Health& health);

}  // namespace yici::api
