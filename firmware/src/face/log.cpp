// The face module's one log category.
#include "face/internal/log.hpp"

namespace yici::face {

YICI_LOG_DEFINE_CATEGORY(log, "face")

}  // namespace yici::face
