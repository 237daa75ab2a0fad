// Log categories (one logger per component) on one stderr sink; never personal data in a line.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string_view>

#include "yici/hal/error.hpp"

namespace yici::app {

// Creates the loggers "yicid", "http", "printer", "idcard", "camera", "face", "session", "ticket", "store",
// "technician" at `level` (trace … off).
Expected<void> setUpLogging(std::string_view level);

// The logger of a category; the default logger when logging was not set up (tests).
std::shared_ptr<spdlog::logger> logger(std::string_view category);

}  // namespace yici::app
