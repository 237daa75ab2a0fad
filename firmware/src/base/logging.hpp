// Log categories as objects (libcamera's LOG_DEFINE_CATEGORY): a category exists once it is defined, so a
// misspelt one cannot compile. One stderr sink; the level is set at start-up and changed at run time.
// Never personal data in a line.
#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string_view>

#include "base/error.hpp"

namespace yici::base {

class LogCategory {
  public:
    // Creates (or joins) the spdlog logger of this name at the process's current level and pattern.
    explicit LogCategory(std::string_view name);
    spdlog::logger* operator->() const { return logger_.get(); }
    spdlog::logger& logger() const { return *logger_; }

  private:
    std::shared_ptr<spdlog::logger> logger_;
};

// The process's level (trace … off) and line pattern, for every category defined before or after.
Expected<void> setUpLogging(std::string_view level);

}  // namespace yici::base

// Defines `fn()`, the category `name`, at namespace scope (in an anonymous namespace for one file, or once
// in a module's .cpp with YICI_LOG_DECLARE_CATEGORY in its header).
#define YICI_LOG_DEFINE_CATEGORY(fn, name)                 \
    ::yici::base::LogCategory& fn() {                      \
        static ::yici::base::LogCategory category{(name)}; \
        return category;                                   \
    }
#define YICI_LOG_DECLARE_CATEGORY(fn) ::yici::base::LogCategory& fn()
