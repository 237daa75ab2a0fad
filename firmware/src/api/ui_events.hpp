// The session's events on the UI's event stream, with the citizen's texts for card errors.
#pragma once

#include "base/error_code.hpp"
#include "http/event_stream.hpp"
#include "session/session_events.hpp"

namespace yici::api {

class UiEvents final : public session::SessionEvents {
  public:
    explicit UiEvents(http::EventHub& hub) : hub_(hub) {}
    void publish(std::string_view name, const boost::json::object& data) override {
        hub_.publish(name, data);
    }
    // card_error {"code", "message_zh", "message_en"}
    void cardError(ErrorCode code) override;

  private:
    http::EventHub& hub_;
};

}  // namespace yici::api
