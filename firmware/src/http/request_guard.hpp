// What the UI listener refuses before routing, so that a page from another site in the kiosk's browser,
// or a name rebound to 127.0.0.1 (DNS rebinding), cannot drive the citizen API: a Host that is not the
// listener (421), a POST that is not JSON (415: an HTML form or a "simple" cross-site fetch cannot send
// it), an Origin that is not the listener's own (403).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace yici::http {

struct ErrorText;

struct RequestGuard {
    std::vector<std::string> hosts;  // the names the listener answers to; empty: no checks at all
    std::uint16_t port = 0;

    // The guard of a listener on `host`:`port`: that host, and "localhost" and "127.0.0.1" when it is
    // loopback.
    static RequestGuard forListener(const std::string& host, std::uint16_t port);
};

// The refusal `request` meets (one of http/errors.hpp's texts), or null when it may be routed.
const ErrorText* refusal(const RequestGuard& guard, const Request& request);

}  // namespace yici::http
