// The bench's control protocol.
#include "control.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include "test_cards.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <optional>

namespace yici::devsim {
namespace {

namespace asio = boost::asio;
using local = asio::local::stream_protocol;

const char* paperName(Paper p) {
    return p == Paper::ok ? "ok" : p == Paper::near_end ? "near-end" : "out";
}

constexpr const char* help =
    "commands: paper ok|near-end|out, paper out-after ROWS, cover open|close, jam, jam clear, offline, "
    "online, reset, status, presenter take|leave|jam|jam clear, "
    "card tap NAME, card remove, card list, reader unplug|plug|noise|quiet|confused|stale|status, "
    "reader slow MS, camera show FILE..., camera scene NAME, camera play VIDEO, camera off, camera status";

// The whole of `text` as a number from `low` to `high`; nullopt otherwise.
std::optional<int> numberIn(std::string_view text, int low, int high) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < low || n > high) return std::nullopt;
    return n;
}

std::string readerCommand(VirtualIdReader& reader, std::string_view line) {
    if (line.starts_with("card tap ")) {
        const std::string name(line.substr(9));
        if (!reader.tap(name)) return fmt::format("error: no test card '{}'; card list shows them", name);
    } else if (line == "card remove") {
        reader.remove();
    } else if (line == "card list") {
        std::string out = "ok";
        for (const auto& card : testCards()) out += fmt::format(" | {}: {}", card.name, card.what);
        return out;
    } else if (line == "reader unplug") {
        reader.unplug();
    } else if (line == "reader plug") {
        reader.plug();
    } else if (line == "reader noise") {
        reader.setNoise(true);
    } else if (line == "reader confused") {
        reader.confuse();
    } else if (line == "reader stale") {
        reader.sendStale();
    } else if (line == "reader quiet") {
        reader.setNoise(false);
    } else if (line.starts_with("reader slow ")) {
        const auto ms = numberIn(line.substr(12), 0, 60000);
        if (!ms) return "error: reader slow takes milliseconds, 0-60000";
        reader.setSlowMs(*ms);
    } else if (line == "reader status") {
        return "ok " + reader.status();
    } else {
        return fmt::format("error: unknown command '{}'; {}", line, help);
    }
    return "ok";
}

std::string_view trimmed(std::string_view line) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' '))
        line.remove_suffix(1);
    return line;
}

}  // namespace

std::string runCommand(Devices& devices, std::string_view line) {
    line = trimmed(line);
    if (line.starts_with("card ") || line.starts_with("reader ")) return readerCommand(devices.reader, line);
    VirtualPrinter& printer = devices.printer;
    PrinterState& s = printer.state();
    if (line == "paper ok") {
        s.paper = Paper::ok;
        s.roll_rows.reset();
    } else if (line == "paper near-end") {
        s.paper = Paper::near_end;
    } else if (line == "paper out") {
        s.paper = Paper::out;
        s.roll_rows.reset();
    } else if (line.starts_with("paper out-after ")) {
        const auto rows = numberIn(line.substr(16), 1, 1'000'000);
        if (!rows) return "error: paper out-after takes rows of paper left on the roll, 1-1000000";
        if (s.paper == Paper::out) s.paper = Paper::ok;
        s.roll_rows = *rows;
    } else if (line == "cover open") {
        s.cover_open = true;
    } else if (line == "cover close") {
        s.cover_open = false;
    } else if (line == "jam") {
        s.jam = true;
    } else if (line == "jam clear") {
        s.jam = false;
    } else if (line == "presenter take" || line == "presenter leave") {
        printer.presenter().setTakes(line == "presenter take");
    } else if (line == "presenter jam" || line == "presenter jam clear") {
        printer.presenter().jammed = line == "presenter jam";
    } else if (line == "offline") {
        printer.setOffline(true);
    } else if (line == "online") {
        printer.setOffline(false);
    } else if (line == "reset") {
        printer.setOffline(false);
        s = PrinterState{};
        printer.presenter().reset();
    } else if (line == "status") {
        return fmt::format("ok printer paper={} roll={} cover={} jam={} offline={} printed={} {}",
                           paperName(s.paper), s.roll_rows ? std::to_string(*s.roll_rows) : "endless",
                           s.cover_open ? "open" : "closed", s.jam, s.offline, printer.ticketsPrinted(),
                           printer.presenter().status());
    } else {
        return fmt::format("error: unknown command '{}'; {}", line, help);
    }
    return "ok";
}

std::filesystem::path defaultControlPath() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0') {
        return std::filesystem::path(runtime) / "yici-devsim.sock";
    }
    return fmt::format("/tmp/yici-devsim-{}.sock", ::getuid());
}

ControlServer::ControlServer(asio::any_io_executor executor, std::filesystem::path path, Devices devices)
    : executor_(executor), path_(std::move(path)), devices_(devices), acceptor_(executor) {
    std::filesystem::remove(path_);
    acceptor_ = local::acceptor(executor_, local::endpoint(path_.string()));
    asio::co_spawn(executor_, acceptLoop(), asio::detached);
}

ControlServer::~ControlServer() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    std::filesystem::remove(path_, ec);
}

asio::awaitable<void> ControlServer::acceptLoop() {
    while (acceptor_.is_open()) {
        boost::system::error_code ec;
        local::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        asio::co_spawn(executor_, serve(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> ControlServer::serve(local::socket socket) {
    asio::streambuf buffer(4096);
    for (;;) {
        boost::system::error_code ec;
        co_await asio::async_read_until(socket, buffer, '\n', asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        std::istream in(&buffer);
        std::string line;
        std::getline(in, line);
        std::string command(trimmed(line));
        std::string reply;
        if (command == "camera" || command.starts_with("camera ")) {
            auto camera_work = devices_.camera.command(std::move(command));
            reply = co_await std::move(camera_work);
        } else {
            reply = runCommand(devices_, command);
        }
        reply += "\n";
        co_await asio::async_write(socket, asio::buffer(reply),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
    }
}

int sendCommand(const std::filesystem::path& path, const std::string& line) {
    asio::io_context io;
    local::socket socket(io);
    boost::system::error_code ec;
    socket.connect(local::endpoint(path.string()), ec);
    if (ec) {
        std::fprintf(stderr, "yici-devsim: cannot reach the bench at %s: %s\n", path.c_str(),
                     ec.message().c_str());
        return 1;
    }
    asio::write(socket, asio::buffer(line + "\n"), ec);
    asio::streambuf buffer;
    if (!ec) asio::read_until(socket, buffer, '\n', ec);
    if (ec) {
        std::fprintf(stderr, "yici-devsim: %s\n", ec.message().c_str());
        return 1;
    }
    std::istream in(&buffer);
    std::string reply;
    std::getline(in, reply);
    std::printf("%s\n", reply.c_str());
    return reply.starts_with("ok") ? 0 : 1;
}

}  // namespace yici::devsim
