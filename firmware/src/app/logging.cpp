// spdlog set-up.
#include "app/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace yici::app {

Expected<void> setUpLogging(std::string_view level_name) {
    const auto level = spdlog::level::from_str(std::string(level_name));
    if (level == spdlog::level::off && level_name != "off") {
        return fail("bad_log_level", "log level must be trace, debug, info, warning, error, critical or off");
    }
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    for (const char* name :
         {"yicid", "http", "printer", "idcard", "camera", "face", "session", "ticket", "store", "technician"}) {
        if (spdlog::get(name)) continue;
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        spdlog::register_logger(logger);
    }
    spdlog::set_default_logger(spdlog::get("yicid"));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
    spdlog::set_level(level);
    spdlog::flush_on(spdlog::level::info);
    return {};
}

std::shared_ptr<spdlog::logger> logger(std::string_view category) {
    auto found = spdlog::get(std::string(category));
    return found ? found : spdlog::default_logger();
}

}  // namespace yici::app
