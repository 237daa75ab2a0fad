// sd_notify(3) datagrams to $NOTIFY_SOCKET over AF_UNIX, without libsystemd.
#include "app/systemd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace yici::app {
namespace {

std::optional<long long> envNumber(const char* name) {
    const char* text = std::getenv(name);
    if (text == nullptr) return std::nullopt;
    const std::string_view s(text);
    long long value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || value <= 0) return std::nullopt;
    return value;
}

}  // namespace

SystemdNotifier::SystemdNotifier() {
    const char* socket_name = std::getenv("NOTIFY_SOCKET");
    if (socket_name == nullptr || (socket_name[0] != '/' && socket_name[0] != '@')) return;
    address_ = socket_name;
    if (address_.size() >= sizeof(sockaddr_un::sun_path)) return;
    if (address_[0] == '@') address_[0] = '\0';
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const auto usec = envNumber("WATCHDOG_USEC");
    const auto pid = envNumber("WATCHDOG_PID");
    if (usec && (!pid || *pid == ::getpid())) watchdog_interval_ = std::chrono::microseconds(*usec / 2);
}

SystemdNotifier::~SystemdNotifier() {
    if (fd_ >= 0) ::close(fd_);
}

bool SystemdNotifier::notify(std::string_view message) {
    if (fd_ < 0) return false;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, address_.data(), address_.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address_.size());
    return ::sendto(fd_, message.data(), message.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                    reinterpret_cast<const sockaddr*>(&addr), length) == static_cast<ssize_t>(message.size());
}

}  // namespace yici::app
