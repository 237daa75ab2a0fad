// The scan module's one log category.
#include "scan/internal/log.hpp"

namespace yici::scan {

YICI_LOG_DEFINE_CATEGORY(log, "scan")

}  // namespace yici::scan
