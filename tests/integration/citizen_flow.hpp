// The citizen API as the touch UI drives it, for tests that walk the pre-registration flow.
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "harness.hpp"

namespace yici::itest {

// A JSON POST to the UI listener.
HttpResult post(Bench& bench, const std::string& path, const std::string& body = "{}");
// A window's call-next or complete, as the hall's counter terminal sends it: on the status listener.
HttpResult windowCall(Bench& bench, const std::string& window, const std::string& action);
// GET /api/v1/session, parsed; fails the test on anything but 200 with a JSON object.
boost::json::object session(Bench& bench);
// Taps a test card on the virtual reader and waits until its session is open.
void tap(Bench& bench, const std::string& card);
// Choose → materials → details; returns the session at the confirm step.
boost::json::object fillIn(Bench& bench, const std::string& service, const std::string& materials,
                           const std::string& details);

}  // namespace yici::itest
