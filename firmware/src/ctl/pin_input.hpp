// The technician PIN for yicictl provision, taken from stdin or a file, never from argv (any user of the
// kiosk can read another process's command line in /proc/PID/cmdline).
#pragma once

#include <filesystem>
#include <string>

#include "base/error.hpp"

namespace yici::ctl {

// One line from `fd`, read a byte at a time so nothing after it is consumed; the newline (and a '\r' before
// it) is dropped. When `fd` is a terminal, `prompt` goes to stderr and the typing is not echoed, and the PIN
// is asked twice (both must agree). Fails on an empty line, end of input or a read error.
Expected<std::string> readPinLine(int fd, const char* prompt = "technician PIN: ");
// The PIN in `file`: its one line (a final newline is allowed). Fails when it is unreadable, empty or longer
// than a line.
Expected<std::string> readPinFile(const std::filesystem::path& file);

}  // namespace yici::ctl
