// A typed error code's stream form.
#include "base/error_code.hpp"

#include <ostream>

namespace yici {

std::ostream& operator<<(std::ostream& out, ErrorCode code) {
    return out << code.name();
}

}  // namespace yici
