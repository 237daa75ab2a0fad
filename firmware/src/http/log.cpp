// The http module's one log category.
#include "http/internal/log.hpp"

namespace yici::http {

YICI_LOG_DEFINE_CATEGORY(log, "http")

}  // namespace yici::http
