// yicid under a systemd-like supervisor: the notification socket of sd_notify(3) ($NOTIFY_SOCKET and
// $WATCHDOG_USEC, as systemd sets them for Type=notify with WatchdogSec=) gets READY=1, then WATCHDOG=1 from
// the event loop; a loop that is blocked stops the pings, which is what makes systemd restart a hung kiosk.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "harness.hpp"

using namespace yici;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

// The supervisor's end: a datagram socket that records each message with the time it came.
class NotifySocket {
  public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
        REQUIRE(::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
        const timeval tick{0, 50'000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof(tick));
    }
    ~NotifySocket() { ::close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    struct Message {
        Clock::time_point at;
        std::string text;
    };

    // Everything that arrives within `duration`.
    std::vector<Message> listen(Clock::duration duration) {
        std::vector<Message> got;
        const auto until = Clock::now() + duration;
        char buffer[256];
        while (Clock::now() < until) {
            const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
            if (n > 0) got.push_back({Clock::now(), std::string(buffer, static_cast<std::size_t>(n))});
        }
        return got;
    }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

std::vector<Clock::time_point> pings(const std::vector<NotifySocket::Message>& messages) {
    std::vector<Clock::time_point> at;
    for (const auto& m : messages)
        if (m.text == "WATCHDOG=1") at.push_back(m.at);
    return at;
}

Clock::duration longestGap(const std::vector<Clock::time_point>& at) {
    Clock::duration gap{};
    for (std::size_t i = 1; i < at.size(); ++i) gap = std::max(gap, at[i] - at[i - 1]);
    return gap;
}

}  // namespace

TEST_CASE(
    "yicid tells systemd it is ready and pings the watchdog from its event loop; a blocked loop stops") {
    itest::Bench bench;
    NotifySocket supervisor(bench.dir / "notify.sock");
    bench.startDevsim();
    ::setenv("NOTIFY_SOCKET", (bench.dir / "notify.sock").c_str(), 1);
    ::setenv("WATCHDOG_USEC", "400000", 1);  // WatchdogSec=0.4s: a ping every 200 ms
    bench.startYicid();
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");

    auto before = supervisor.listen(1500ms);
    REQUIRE_FALSE(before.empty());
    CHECK(std::any_of(before.begin(), before.end(), [](const auto& m) { return m.text == "READY=1"; }));
    const auto alive = pings(before);
    CHECK(alive.size() >= 5);
    CHECK(longestGap(alive) < 400ms);

    // Block the event loop (the main thread) for 2 s from outside, as a hung call would: gdb makes the thread
    // call sleep(2) while the process's other threads run on.
    itest::Process gdb({"/usr/bin/gdb", "--readnever", "-p", std::to_string(bench.yicid->pid()), "-batch",
                        "-ex", "call (unsigned int)sleep(2)"},
                       bench.dir / "gdb.log");
    std::vector<NotifySocket::Message> during;
    const auto give_up = Clock::now() + 60s;  // gdb reads yicid's symbols first: seconds on a busy machine
    while (gdb.running() && Clock::now() < give_up) {
        auto more = supervisor.listen(100ms);
        during.insert(during.end(), more.begin(), more.end());
    }
    REQUIRE_FALSE(gdb.running());
    const auto after = pings(supervisor.listen(1s));
    // The pings stopped for the 2 s the loop was blocked, and came back when it ran again.
    std::vector<Clock::time_point> all = alive;
    for (const auto& at : pings(during)) all.push_back(at);
    CHECK(longestGap(all) >= 1800ms);
    CHECK(after.size() >= 3);
    CHECK(bench.yicid->running());
    CHECK(bench.health().status == 200);

    bench.yicid->signal(SIGTERM);
    const auto stopping = supervisor.listen(1s);
    CHECK(
        std::any_of(stopping.begin(), stopping.end(), [](const auto& m) { return m.text == "STOPPING=1"; }));
}
