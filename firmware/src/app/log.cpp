// The app module's one log category.
#include "app/log.hpp"

namespace yici::app {

YICI_LOG_DEFINE_CATEGORY(log, "yicid")

}  // namespace yici::app
