// Log categories (one logger per component) on one stderr sink; never personal data in a line.
#pragma once

#include <string_view>

#include "yici/hal/error.hpp"

namespace yici::app {

// Creates the loggers "yicid", "http", "printer", "ticket", "store" at `level` (trace … off).
Expected<void> setUpLogging(std::string_view level);

}  // namespace yici::app
