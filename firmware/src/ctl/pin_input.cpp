// Reading the technician PIN: a line from stdin (no echo on a terminal) or the one line of a file.
#include "ctl/pin_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/secure_wipe.hpp"
#include "config/toml_reader.hpp"
#include "ctl/errors.hpp"

namespace yici::ctl {
namespace {

// Turns the terminal's echo off while it lives (the PIN is typed blind, as passwd does it).
class EchoOff {
  public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (::tcgetattr(fd_, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

  private:
    int fd_;
    termios saved_{};
    bool active_ = false;
};

Expected<std::string> oneLine(int fd) {
    std::string line;
    for (;;) {
        char c = 0;
        const ssize_t got = ::read(fd, &c, 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            base::secureWipe(line);
            return fail(Errc::pin_unreadable,
                        std::string("cannot read the PIN from stdin: ") + std::strerror(errno));
        }
        if (got == 0 || c == '\n') break;
        line.push_back(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return fail(Errc::pin_missing, "no PIN on stdin (one line expected)");
    return line;
}

}  // namespace

Expected<std::string> readPinLine(int fd, const char* prompt) {
    if (::isatty(fd) == 0) return oneLine(fd);
    EchoOff quiet(fd);
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    auto first = oneLine(fd);
    if (!first) return first;
    std::fputs("again: ", stderr);
    std::fflush(stderr);
    auto second = oneLine(fd);
    const bool same = second && *second == *first;
    if (second) base::secureWipe(*second);
    if (!same) {
        base::secureWipe(*first);
        return fail(Errc::pin_mismatch, "the two PINs typed differ; nothing was changed");
    }
    return first;
}

Expected<std::string> readPinFile(const std::filesystem::path& file) {
    auto text = config::readConfigFile(file, "technician PIN file");
    if (!text) return std::unexpected(text.error());
    std::string pin = std::move(*text);
    if (pin.ends_with('\n')) pin.pop_back();
    if (pin.ends_with('\r')) pin.pop_back();
    const bool one_line = pin.find('\n') == std::string::npos;
    if (pin.empty() || !one_line) {
        base::secureWipe(pin);
        return fail(Errc::pin_invalid, file.string() + ": the PIN file must hold the PIN on one line");
    }
    return pin;
}

}  // namespace yici::ctl
