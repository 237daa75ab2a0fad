// The prereg module's one log category.
#include "prereg/internal/log.hpp"

namespace yici::prereg {

YICI_LOG_DEFINE_CATEGORY(log, "prereg")

}  // namespace yici::prereg
