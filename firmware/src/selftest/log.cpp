// The selftest module's one log category.
#include "selftest/internal/log.hpp"

namespace yici::selftest {

YICI_LOG_DEFINE_CATEGORY(log, "selftest")

}  // namespace yici::selftest
