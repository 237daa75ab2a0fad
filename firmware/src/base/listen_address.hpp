// A listener's numeric ADDRESS:PORT ("127.0.0.1:8080", "[::1]:9180").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace yici::base {

struct ListenAddress {
    std::string host;  // numeric IPv4 or IPv6
    std::uint16_t port = 0;
    bool isLoopback() const;
    std::string text() const;
};

// Errors are config_bad_listen, with what is wrong.
Expected<ListenAddress> parseListenAddress(std::string_view text);

}  // namespace yici::base
