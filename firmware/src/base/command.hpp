// Running another program and waiting for it (RAUC's client). Blocking: never on the Asio thread.
#pragma once

#include <string>
#include <vector>

namespace yici::base {

struct CommandResult {
    int exit = 127;      // the exit status; 127 when it could not be started, 128 + N when signal N ended it
    std::string output;  // stdout and stderr together, when captured
};

// Runs argv (argv[0] looked up in PATH) with this process's stdout and stderr.
int runCommand(const std::vector<std::string>& argv);
// Runs argv with stdout and stderr captured (up to 1 MiB).
CommandResult captureCommand(const std::vector<std::string>& argv);

}  // namespace yici::base
