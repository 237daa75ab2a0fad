// yicid: loads the board, opens the store, starts the devices and the two HTTP listeners, runs until
// SIGTERM/SIGINT. A damaged database keeps it up out of service (app/out_of_service.hpp), not in a restart
// loop.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "config/board_config.hpp"

namespace yici::app {

struct DaemonOptions {
    std::filesystem::path board;
    std::filesystem::path data_dir = "/var/lib/yici";
    std::optional<base::ListenAddress> ui_listen;
    std::optional<base::ListenAddress> status_listen;
    std::string log_level = "info";
    std::filesystem::path ui_dir;
};

// Returns the process exit code: 0 after a clean stop, 2 for a bad config, 1 when start-up fails.
int runDaemon(const DaemonOptions& options);

}  // namespace yici::app
