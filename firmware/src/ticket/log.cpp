// The ticket module's one log category.
#include "ticket/internal/log.hpp"

namespace yici::ticket {

YICI_LOG_DEFINE_CATEGORY(log, "ticket")

}  // namespace yici::ticket
