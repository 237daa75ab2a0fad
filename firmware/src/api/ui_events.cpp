// Card errors and devices in the citizen's words.
#include "api/ui_events.hpp"

#include <optional>
#include <string>

#include "api/errors.hpp"
#include "base/error_code.hpp"

namespace yici::api {

namespace json = boost::json;

void UiEvents::cardError(ErrorCode code) {
    const CitizenMessage m = citizenMessage(code);
    hub_.publish("card_error",
                 json::object{{"code", code.name()}, {"message_zh", m.zh}, {"message_en", m.en}});
}

void UiEvents::deviceChanged(std::string_view device, const hal::Health& health) {
    hub_.publish("device", deviceJson(device, health));
}

void addEventRoutes(http::Router& router, http::EventHub& hub) {
    router.addStream("/api/v1/events", [&hub](boost::beast::tcp_stream& stream, const http::Request& r) {
        return hub.serve(stream, r);
    });
}

json::object deviceJson(std::string_view device, const hal::Health& health) {
    // The table's device texts name the device ("取号机打印机…"): another device's "driver_unavailable"
    // (the camera's) must not tell citizens the printer is missing.
    const bool about_device =
        device == "printer" || health.code.name().starts_with(std::string(device) + "_");
    const std::optional<CitizenMessage> m = health.level == hal::HealthLevel::ok || !about_device
                                                ? std::nullopt
                                                : findCitizenMessage(health.code);
    return json::object{{"device", device},
                        {"health", hal::levelName(health.level)},
                        {"code", health.code.name()},
                        {"message_zh", m ? m->zh : ""},
                        {"message_en", m ? m->en : ""}};
}

}  // namespace yici::api
