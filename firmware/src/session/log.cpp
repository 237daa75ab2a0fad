// The session module's one log category.
#include "session/internal/log.hpp"

namespace yici::session {

YICI_LOG_DEFINE_CATEGORY(log, "session")

}  // namespace yici::session
