// Card errors in the citizen's words.
#include "api/ui_events.hpp"

#include "api/errors.hpp"
#include "base/error_code.hpp"

namespace yici::api {

void UiEvents::cardError(ErrorCode code) {
    const CitizenMessage m = citizenMessage(code);
    hub_.publish("card_error",
                 boost::json::object{{"code", code.name()}, {"message_zh", m.zh}, {"message_en", m.en}});
}

}  // namespace yici::api
