// What a listener refuses before routing, so that a page from another site in the kiosk's browser, or a
// name rebound to 127.0.0.1 (DNS rebinding), cannot drive its API: a Host that is not the listener (421), a
// POST that is not JSON (415: an HTML form or a "simple" cross-site fetch cannot send it), an Origin that
// is not the listener's own (403). Both listeners have it: the UI's and the status listener (window calls).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/router.hpp"

namespace yici::http {

struct ErrorText;

struct RequestGuard {
    std::vector<std::string> hosts;  // the names the listener answers to; empty (and not any_name): no checks
    // A listener on every address (0.0.0.0, ::) cannot know the names it is reached by: any name passes, the
    // port must still be its own. Off loopback the status listener also wants TLS and its bearer token.
    bool any_name = false;
    std::uint16_t port = 0;
    std::string scheme = "http://";  // how its own pages' Origin starts

    // The guard of a listener on `host`:`port`: that host, and "localhost" and "127.0.0.1" when it is
    // loopback; any name when it listens on every address. `tls`: it speaks HTTPS.
    static RequestGuard forListener(const std::string& host, std::uint16_t port, bool tls = false);
};

// The refusal `request` meets (one of http/errors.hpp's texts), or null when it may be routed.
const ErrorText* refusal(const RequestGuard& guard, const Request& request);

}  // namespace yici::http
