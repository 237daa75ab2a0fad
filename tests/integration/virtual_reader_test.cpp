// The virtual SAM reader answers real protocol frames on its pseudo-terminal, as a reader would.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "harness.hpp"
#include "idcard/sam/codec.hpp"

using namespace yici;

namespace {

struct Port {
    int fd;
    explicit Port(const std::filesystem::path& path) : fd(::open(path.c_str(), O_RDWR | O_NOCTTY)) {
        REQUIRE(fd >= 0);
        termios raw{};
        tcgetattr(fd, &raw);
        cfmakeraw(&raw);
        tcsetattr(fd, TCSANOW, &raw);
    }
    ~Port() { ::close(fd); }

    // Sends a command and waits for one reply frame; counts what the parser had to skip.
    std::optional<sam::Reply> ask(sam::Command command, int* skipped = nullptr) {
        const auto frame = sam::request(command);
        REQUIRE(::write(fd, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size()));
        sam::ReplyParser parser;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            std::uint8_t buffer[2048];
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0) break;
            parser.feed({buffer, static_cast<std::size_t>(n)});
            while (auto e = parser.next()) {
                if (e->kind == sam::ReplyParser::Event::Kind::frame) return e->reply;
                if (skipped != nullptr) *skipped += static_cast<int>(e->skipped);
            }
        }
        return std::nullopt;
    }
};

}  // namespace

TEST_CASE("the virtual reader finds, selects and reads a tapped card, and says when there is none") {
    itest::Bench bench;
    bench.startDevsim();
    Port port(bench.reader_link);
    CHECK(port.ask(sam::Command::find_card)->sw3 == sam::sw3::no_card);
    REQUIRE(bench.ctl("card tap elderly") == 0);
    CHECK(port.ask(sam::Command::find_card)->sw3 == sam::sw3::card_found);
    CHECK(port.ask(sam::Command::select_card)->sw3 == sam::sw3::success);
    const auto start = std::chrono::steady_clock::now();
    const auto read = port.ask(sam::Command::read_text_photo);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(read.has_value());
    const auto card = sam::decodeCard(*sam::splitReadData(read->data), "20261127");
    CHECK(card.name == "赵德福");
    CHECK(card.birth_date == "19450302");
    CHECK(took >= std::chrono::milliseconds(100));  // 1295 bytes at 115200 baud take ~112 ms on the wire
    REQUIRE(bench.ctl("card remove") == 0);
    CHECK(port.ask(sam::Command::find_card)->sw3 == sam::sw3::no_card);
}

TEST_CASE("reader noise puts garbage before the frames, and the frames still parse") {
    itest::Bench bench;
    bench.startDevsim();
    Port port(bench.reader_link);
    REQUIRE(bench.ctl("card tap resident") == 0);
    REQUIRE(bench.ctl("reader noise") == 0);
    int skipped = 0;
    for (int i = 0; i < 5; ++i)
        CHECK(port.ask(sam::Command::find_card, &skipped)->sw3 == sam::sw3::card_found);
    CHECK(skipped > 0);
}

TEST_CASE("an unplugged reader disappears from its path and comes back when plugged") {
    itest::Bench bench;
    bench.startDevsim();
    REQUIRE(std::filesystem::exists(bench.reader_link));
    REQUIRE(bench.ctl("reader unplug") == 0);
    CHECK_FALSE(std::filesystem::exists(bench.reader_link));
    REQUIRE(bench.ctl("reader plug") == 0);
    Port port(bench.reader_link);
    CHECK(port.ask(sam::Command::sam_status)->sw3 == sam::sw3::success);
    CHECK(bench.ctl("card tap nobody") == 1);
}
