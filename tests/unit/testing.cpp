// Where the source tree is: the one unit-test file CMake gives the path to, so every other one compiles the
// same in any clone and ccache shares it (docs/testing.md).
#include "testing.hpp"

namespace yici::testing {

std::filesystem::path sourceDir() {
    return YICI_SOURCE_DIR;
}

}  // namespace yici::testing
