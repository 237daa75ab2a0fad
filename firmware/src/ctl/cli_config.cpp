// yicictl config check FILE: a board config and its hall catalog, loaded as yicid loads them.
#include <cstdio>
#include <memory>
#include <string>

#include "ctl/cli.hpp"
#include "ctl/kiosk_config.hpp"

namespace yici::ctl {
namespace {

int configCheck(const std::string& file) {
    const auto loaded = loadKioskConfig(file);
    if (!loaded) return 1;
    const auto& [board, hall] = *loaded;
    std::printf("%s: ok (kiosk %s, printer %s, hall %s: %zu categories, %zu services)\n", file.c_str(),
                board.kiosk.id.c_str(), board.printer.driver.c_str(),
                board.kiosk.hall_catalog.string().c_str(), hall.categories.size(), hall.services.size());
    return 0;
}

}  // namespace

void addConfigCommands(CLI::App& app, Run& run) {
    CLI::App* config = app.add_subcommand("config", "board configs");
    config->require_subcommand(1);
    CLI::App* check = config->add_subcommand("check",
                                             "check a board config and its hall catalog; errors name "
                                             "file, line and key");
    auto file = std::make_shared<std::string>();
    check->add_option("FILE", *file, "the board config (TOML)")->required();
    check->callback([&run, file] { run = [file] { return configCheck(*file); }; });
}

}  // namespace yici::ctl
