// yicictl, the technician's tool: `config check FILE`, `status` and `selftest [URL] [--token-file FILE]`,
// `devices`, `provision TEMPLATE`, `bundle create|verify`, `install BUNDLE|URL`, `store check|recover`;
// `yicictl COMMAND --help` for each.
#include <cstdio>
#include <exception>
#include <string>

#include "ctl/cli.hpp"

namespace {

// "yicictl bundle create": the deepest command the parser got to, for pointing at its --help.
std::string commandPath(const CLI::App& app) {
    std::string path = app.get_name();
    for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
        at = at->get_subcommands().front();
        path += " " + at->get_name();
    }
    return path;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("yicictl, the technician's tool for a Yici kiosk", "yicictl");
    app.require_subcommand(1);
    app.set_version_flag("--version", YICI_VERSION);
    app.footer(
        "yicictl COMMAND --help: a command's options. Exit status: 0 done, 1 failed, 2 bad command line.");
    yici::ctl::Run run;
    yici::ctl::addConfigCommands(app, run);
    yici::ctl::addStatusCommands(app, run);
    yici::ctl::addDevicesCommand(app, run);
    yici::ctl::addProvisionCommands(app, run);
    yici::ctl::addStaffCardCommands(app, run);
    yici::ctl::addBundleCommands(app, run);
    yici::ctl::addStoreCommands(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& done) {  // --help, --version
        return app.exit(done);
    } catch (const CLI::ParseError& e) {
        const std::string path = commandPath(app);
        std::fprintf(stderr, "yicictl: %s\n", e.what());
        if (path == app.get_name()) {
            std::fputs(app.help().c_str(), stderr);
        } else {
            std::fprintf(stderr, "run '%s --help' for its options\n", path.c_str());
        }
        return 2;
    }
    if (!run) return 2;
    // A fault of ours or of the system (filesystem, memory) is said and exits 1, not an abort.
    try {
        return run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "yicictl: %s\n", e.what());
        return 1;
    }
}
