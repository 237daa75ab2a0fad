// yici-devsim: the virtual hardware bench.
//   yici-devsim [--printer-port N] [--out DIR] [--control PATH] [--reader-link PATH] [--reader-baud N]
//               [--camera-dir DIR]
//   yici-devsim ctl [--control PATH] COMMAND…                      drive it (paper out, jam, offline, …)
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include "control.hpp"
#include "virtual_camera.hpp"
#include "virtual_printer.hpp"

namespace {

int usage() {
    std::fprintf(
        stderr,
        "usage: yici-devsim [--printer-port N] [--out DIR] [--control PATH] [--reader-link PATH] "
        "[--reader-baud N] [--camera-dir DIR]\n"
        "       yici-devsim ctl [--control PATH] COMMAND...\n"
        "commands: paper ok|near-end|out, cover open|close, jam, jam clear, offline, online, reset, "
        "status, card tap NAME, card remove, card list, reader unplug|plug|noise|quiet|confused|status, "
        "reader slow MS, camera show FILE..., camera scene NAME, camera play VIDEO, camera off, camera "
        "status\n");
    return 2;
}

// The bench may run in another folder than `ctl`: the files a camera command names are sent as absolute
// paths.
std::string commandLine(char** words, int count) {
    std::string line;
    const bool files = count >= 2 && std::string_view(words[0]) == "camera" &&
                       (std::string_view(words[1]) == "show" || std::string_view(words[1]) == "play");
    for (int i = 0; i < count; ++i) {
        std::string word = words[i];
        if (files && i >= 2) word = std::filesystem::absolute(word).string();
        line += (line.empty() ? "" : " ") + word;
    }
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    std::filesystem::path control = yici::devsim::defaultControlPath();
    std::filesystem::path out = "devsim-out";
    std::uint16_t port = 9100;
    std::filesystem::path reader_link = "/tmp/yici-devsim/idreader";
    std::filesystem::path camera_dir = "/tmp/yici-devsim/camera";
    int reader_baud = 115200;
    int i = 1;
    const bool ctl = argc > 1 && std::string_view(argv[1]) == "ctl";
    if (ctl) ++i;
    for (; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--control" && i + 1 < argc) {
            control = argv[++i];
        } else if (arg == "--out" && !ctl && i + 1 < argc) {
            out = argv[++i];
        } else if (arg == "--camera-dir" && !ctl && i + 1 < argc) {
            camera_dir = argv[++i];
        } else if (arg == "--reader-link" && !ctl && i + 1 < argc) {
            reader_link = argv[++i];
        } else if (arg == "--reader-baud" && !ctl && i + 1 < argc) {
            const std::string_view v = argv[++i];
            if (std::from_chars(v.data(), v.data() + v.size(), reader_baud).ec != std::errc{} ||
                reader_baud < 1200)
                return usage();
        } else if (arg == "--printer-port" && !ctl && i + 1 < argc) {
            const std::string_view v = argv[++i];
            if (std::from_chars(v.data(), v.data() + v.size(), port).ec != std::errc{}) return usage();
        } else if (ctl) {
            break;
        } else {
            return usage();
        }
    }
    if (ctl) {
        const std::string line = commandLine(argv + i, argc - i);
        return line.empty() ? usage() : yici::devsim::sendCommand(control, line);
    }

    boost::asio::io_context io(1);
    try {
        yici::devsim::VirtualPrinter printer(io.get_executor(), out);
        yici::devsim::VirtualIdReader reader(io.get_executor(), reader_link, reader_baud,
                                             out / "reader.jsonl");
        yici::devsim::VirtualCamera camera(camera_dir);
        yici::devsim::Devices devices{printer, reader, camera};
        yici::devsim::ControlServer server(io.get_executor(), control, devices);
        // The printer port opens last: once it answers, the reader and the control socket are there too.
        const auto bound = printer.listen(port);
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code&, int) {
            printer.close();
            reader.unplug();
            io.stop();
        });
        std::printf("yici-devsim: printer tcp://127.0.0.1:%u, tickets in %s, control %s\n", bound,
                    std::filesystem::absolute(out).c_str(), control.c_str());
        std::printf("yici-devsim: ID-card reader %s (link %s) at %d baud\n", reader.devicePath().c_str(),
                    reader_link.c_str(), reader_baud);
        std::printf("yici-devsim: camera %s/*.png (off; camera show FILE... to show pictures)\n",
                    camera.currentLink().c_str());
        std::fflush(stdout);
        io.run();
    } catch (const std::exception& e) {  // the edge: a port or socket path we cannot take
        std::fprintf(stderr, "yici-devsim: %s\n", e.what());
        return 1;
    }
    return 0;
}
