// The scan module's log category, "scan" in every line it writes. Defined once, in log.cpp: a second
// definition does not link, a misspelt one does not compile, and tools/check-layers allows no other.
#pragma once

#include "base/logging.hpp"

namespace yici::scan {

YICI_LOG_DECLARE_CATEGORY(log);

}  // namespace yici::scan
