// ID-card read bench against the real yicid and yici-devsim's virtual SAM reader at 115200 baud:
//  1. from the reader's last reply byte to the card_tapped event reaching a UI (p50/p99 over N taps);
//  2. one find/select/read cycle driven straight over the pty, against the wire time of its bytes.
//   build/release/bench/idcard_read [TAPS]
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <istream>
#include <string>
#include <vector>

#include "harness.hpp"
#include "idcard/sam/codec.hpp"

namespace {

using yici::itest::monotonicNs;
using yici::itest::percentile;
namespace asio = boost::asio;

std::vector<std::int64_t> readReplyTimes(const std::filesystem::path& log) {
    std::vector<std::int64_t> out;
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find("\"last_byte_ns\":");
        std::int64_t ns = 0;
        if (at != std::string::npos) std::from_chars(line.data() + at + 15, line.data() + line.size(), ns);
        out.push_back(ns);
    }
    return out;
}

// The SSE stream of yicid: returns the arrival time of the next event with this name.
class Events {
  public:
    explicit Events(std::uint16_t port) : socket_(io_) {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        const std::string request = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        asio::write(socket_, asio::buffer(request));
    }
    std::int64_t next(const std::string& name) {
        for (;;) {
            asio::read_until(socket_, buffer_, '\n');
            std::istream in(&buffer_);
            std::string line;
            std::getline(in, line);
            if (line == "event: " + name) return monotonicNs();
        }
    }

  private:
    asio::io_context io_;
    asio::ip::tcp::socket socket_;
    asio::streambuf buffer_;
};

double directCycleMs(const std::filesystem::path& device, std::size_t& bytes) {
    const int fd = ::open(device.c_str(), O_RDWR | O_NOCTTY);
    termios raw{};
    tcgetattr(fd, &raw);
    cfmakeraw(&raw);
    tcsetattr(fd, TCSANOW, &raw);
    const auto start = monotonicNs();
    bytes = 0;
    for (auto command : {yici::sam::Command::find_card, yici::sam::Command::select_card,
                         yici::sam::Command::read_text_photo}) {
        const auto frame = yici::sam::request(command);
        if (::write(fd, frame.data(), frame.size()) != static_cast<ssize_t>(frame.size())) break;
        bytes += frame.size();
        yici::sam::ReplyParser parser;
        bool done = false;
        while (!done) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 2000) <= 0) break;
            std::uint8_t chunk[2048];
            const ssize_t n = ::read(fd, chunk, sizeof chunk);
            if (n <= 0) break;
            bytes += static_cast<std::size_t>(n);
            parser.feed({chunk, static_cast<std::size_t>(n)});
            while (auto e = parser.next())
                done = done || e->kind == yici::sam::ReplyParser::Event::Kind::frame;
        }
    }
    const auto took = monotonicNs() - start;
    ::close(fd);
    return static_cast<double>(took) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
    int taps = 30;
    if (argc > 1) std::from_chars(argv[1], argv[1] + std::strlen(argv[1]), taps);
    yici::itest::Bench bench;
    bench.startDevsim();
    bench.startYicid();
    Events events(bench.ui_port);
    std::vector<std::int64_t> tapped;
    for (int i = 0; i < taps; ++i) {
        bench.ctl("card tap resident");
        tapped.push_back(events.next("card_tapped"));
        bench.ctl("card remove");
        events.next("card_removed");
    }
    const auto replies = readReplyTimes(bench.out_dir / "reader.jsonl");
    if (static_cast<int>(replies.size()) != taps) {
        std::fprintf(stderr, "expected %d read replies, the reader logged %zu\n", taps, replies.size());
        return 1;
    }
    std::vector<double> latency_ms;
    for (int i = 0; i < taps; ++i)
        latency_ms.push_back(
            static_cast<double>(tapped[static_cast<std::size_t>(i)] - replies[static_cast<std::size_t>(i)]) /
            1e6);
    bench.stopYicid(SIGTERM);  // the bench talks to the reader alone now

    bench.ctl("card tap resident");
    std::vector<double> cycles;
    std::size_t bytes = 0;
    for (int i = 0; i < 10; ++i) cycles.push_back(directCycleMs(bench.reader_link, bytes));
    const double wire_ms = static_cast<double>(bytes) * 10.0 / 115200.0 * 1000.0;
    const double cycle = percentile(cycles, 0.5);

    std::printf("card taps: %d, resident ID card, virtual SAM reader at 115200 baud, poll interval 500 ms\n",
                taps);
    std::printf("last reply byte -> card_tapped event at the UI: p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
                percentile(latency_ms, 0.5), percentile(latency_ms, 0.99),
                *std::max_element(latency_ms.begin(), latency_ms.end()));
    std::printf(
        "find/select/read cycle: %.1f ms (median of 10); wire time of its %zu bytes: %.1f ms; %+.1f%%\n",
        cycle, bytes, wire_ms, (cycle - wire_ms) / wire_ms * 100.0);
    return 0;
}
