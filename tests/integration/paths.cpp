// Where the programs under test and the source tree are: the one file CMake gives their paths to, so every
// other test file compiles the same in any clone and ccache shares it (docs/testing.md).
#include "harness.hpp"

namespace yici::itest {

const Paths& paths() {
    static const Paths given{YICI_SOURCE_DIR, YICI_YICID,    YICI_YICICTL,
                             YICI_DEVSIM,     YICI_HALL_SIM, YICI_TEST_WLT_DECODER};
    return given;
}

}  // namespace yici::itest
