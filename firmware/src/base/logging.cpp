// spdlog set-up behind the log categories.
#include "base/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "base/error.hpp"

namespace yici::base {
namespace {

constexpr const char* line_pattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v";

std::shared_ptr<spdlog::sinks::stderr_sink_mt> sink() {
    static auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    return stderr_sink;
}

}  // namespace

LogCategory::LogCategory(std::string_view name) {
    const std::string key(name);
    logger_ = spdlog::get(key);
    if (logger_) return;
    logger_ = std::make_shared<spdlog::logger>(key, sink());
    spdlog::initialize_logger(logger_);  // registers it with the global level, pattern and flush level
}

Expected<void> setUpLogging(std::string_view level_name) {
    const auto level = spdlog::level::from_str(std::string(level_name));
    if (level == spdlog::level::off && level_name != "off") {
        return fail(Errc::bad_log_level,
                    "log level must be trace, debug, info, warning, error, critical or off");
    }
    static LogCategory yicid{"yicid"};
    spdlog::set_default_logger(spdlog::get("yicid"));
    spdlog::set_pattern(line_pattern);
    spdlog::set_level(level);
    spdlog::flush_on(spdlog::level::info);
    return {};
}

}  // namespace yici::base
