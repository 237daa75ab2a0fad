// The technician PIN off the command line: one line of stdin (nothing after it consumed), or a file's one
// line.
#include <doctest/doctest.h>

#include <unistd.h>

#include <fstream>
#include <string>

#include "ctl/pin_input.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

// A pipe holding `text`, its write end closed: what `yicictl … <file` or `echo PIN | yicictl …` gives.
struct Pipe {
    int fds[2] = {-1, -1};
    explicit Pipe(const std::string& text) {
        REQUIRE(::pipe(fds) == 0);
        REQUIRE(::write(fds[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
        ::close(fds[1]);
    }
    ~Pipe() { ::close(fds[0]); }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    std::string rest() const {
        std::string left;
        char c = 0;
        while (::read(fds[0], &c, 1) == 1) left.push_back(c);
        return left;
    }
};

std::string codeOf(const Expected<std::string>& pin) {
    return pin ? "ok: " + *pin : std::string(pin.error().code.name());
}

}  // namespace

TEST_CASE("the PIN on stdin is its first line, without the newline, and nothing after it is read") {
    Pipe in("135790\r\nnext line\n");
    const auto pin = ctl::readPinLine(in.fds[0]);
    REQUIRE(pin.has_value());
    CHECK(*pin == "135790");
    CHECK(in.rest() == "next line\n");
    Pipe last("2468");  // no newline at the end of the input
    CHECK(ctl::readPinLine(last.fds[0]).value_or("") == "2468");
}

TEST_CASE("an empty stdin or an empty first line is no PIN") {
    Pipe empty("");
    CHECK(codeOf(ctl::readPinLine(empty.fds[0])) == "pin_missing");
    Pipe blank("\n1234\n");
    CHECK(codeOf(ctl::readPinLine(blank.fds[0])) == "pin_missing");
}

TEST_CASE("a PIN file holds the PIN on one line; an empty, longer or missing file is refused") {
    testing::TempDir dir;
    const auto file = dir.path() / "pin";
    std::ofstream(file) << "975310\n";
    CHECK(ctl::readPinFile(file).value_or("") == "975310");
    std::ofstream(file, std::ios::trunc) << "975310";
    CHECK(ctl::readPinFile(file).value_or("") == "975310");
    std::ofstream(file, std::ios::trunc) << "975310\n1234\n";
    CHECK(codeOf(ctl::readPinFile(file)) == "pin_invalid");
    std::ofstream(file, std::ios::trunc) << "\n";
    CHECK(codeOf(ctl::readPinFile(file)) == "pin_invalid");
    const auto missing = ctl::readPinFile(dir.path() / "none");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message.find("none: cannot read the technician PIN file") != std::string::npos);
}
