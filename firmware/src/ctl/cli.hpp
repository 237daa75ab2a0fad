// yicictl's command line on CLI11: each command group adds its subcommands to the app and, when one is
// chosen, sets `run` to what it does; yicictl_main.cpp parses and runs it.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace yici::ctl {

// The chosen command: returns yicictl's exit code (0 done, 1 failed, 2 a usage error it found itself).
using Run = std::function<int()>;

void addConfigCommands(CLI::App& app, Run& run);     // config check FILE
void addStatusCommands(CLI::App& app, Run& run);     // status, selftest
void addDevicesCommand(CLI::App& app, Run& run);     // devices
void addProvisionCommands(CLI::App& app, Run& run);  // provision, pin-hash
void addStaffCardCommands(CLI::App& app, Run& run);  // staff-card add|remove
void addBundleCommands(CLI::App& app, Run& run);     // bundle create|verify, install
void addStoreCommands(CLI::App& app, Run& run);      // store check|recover

}  // namespace yici::ctl
