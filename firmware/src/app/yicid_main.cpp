// yicid command line: yicid --board FILE [--data-dir DIR] [--ui-listen ADDR:PORT] [--status-listen ADDR:PORT]
//                             [--log-level LEVEL] [--ui-dir DIR];  yicid --version
#include <sys/stat.h>

#include <cstdio>
#include <string_view>

#include "app/daemon.hpp"
#include "base/logging.hpp"

namespace {

int usage() {
    std::fprintf(
        stderr,
        "usage: yicid --board FILE [--data-dir DIR] [--ui-listen ADDR:PORT] [--status-listen ADDR:PORT]\n"
        "             [--log-level trace|debug|info|warning|error] [--ui-dir DIR]\n"
        "       yicid --version\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // Every file yicid makes (the database, its WAL, the data key, the photo files) is its own alone, whether
    // systemd (UMask=0077) or a technician's shell (umask 022) started it.
    ::umask(0077);
    yici::app::DaemonOptions options;
    options.ui_dir = YICI_DEFAULT_UI_DIR;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") return usage(), 0;
        if (arg == "--version") return std::printf("yicid %s\n", YICI_VERSION) < 0 ? 1 : 0;
        if (i + 1 >= argc) return usage();
        const std::string_view value = argv[++i];
        if (arg == "--board") {
            options.board = value;
        } else if (arg == "--data-dir") {
            options.data_dir = value;
        } else if (arg == "--ui-dir") {
            options.ui_dir = value;
        } else if (arg == "--log-level") {
            options.log_level = value;
        } else if (arg == "--ui-listen" || arg == "--status-listen") {
            auto address = yici::base::parseListenAddress(value);
            if (!address) {
                std::fprintf(stderr, "yicid: %s: %s\n", argv[i - 1], address.error().message.c_str());
                return 2;
            }
            (arg == "--ui-listen" ? options.ui_listen : options.status_listen) = *address;
        } else {
            return usage();
        }
    }
    if (options.board.empty()) return usage();
    if (auto logging = yici::base::setUpLogging(options.log_level); !logging) {
        std::fprintf(stderr, "yicid: %s\n", logging.error().message.c_str());
        return 2;
    }
    return yici::app::runDaemon(options);
}
