// The hall module's one log category.
#include "hall/internal/log.hpp"

namespace yici::hall {

YICI_LOG_DEFINE_CATEGORY(log, "hall")

}  // namespace yici::hall
