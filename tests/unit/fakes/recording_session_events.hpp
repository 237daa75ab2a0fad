// A SessionEvents that keeps what the session published, for tests to read.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

#include "base/error_code.hpp"
#include "session/session_events.hpp"

namespace yici::testing {

class RecordingSessionEvents final : public session::SessionEvents {
  public:
    void publish(std::string_view name, const boost::json::object& data) override {
        events.emplace_back(std::string(name), data);
    }
    void cardError(ErrorCode code) override {
        events.emplace_back("card_error", boost::json::object{{"code", code.name()}});
    }

    // The names published, in order.
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.first);
        return out;
    }

    std::vector<std::pair<std::string, boost::json::object>> events;
};

}  // namespace yici::testing
