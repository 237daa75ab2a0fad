// The api module's one log category.
#include "api/internal/log.hpp"

namespace yici::api {

YICI_LOG_DEFINE_CATEGORY(log, "api")

}  // namespace yici::api
