// The limits of yicid's two listeners, the same whether the kiosk serves or is out of service.
#pragma once

#include <chrono>
#include <memory>

#include "http/server.hpp"

namespace yici::app {

inline http::ServerOptions uiServerOptions() {
    return {.name = "ui",
            .body_limit = 16 * 1024,
            .header_timeout = std::chrono::seconds(5),
            .body_timeout = std::chrono::seconds(5),
            .write_timeout = std::chrono::seconds(30),
            .max_sessions = 16,
            .max_streams = 4,
            .guard_requests = true};
}

inline http::ServerOptions statusServerOptions(std::shared_ptr<boost::asio::ssl::context> tls) {
    return {.name = "status",
            .body_limit = 1024,
            .header_timeout = std::chrono::seconds(5),
            .body_timeout = std::chrono::seconds(5),
            .write_timeout = std::chrono::seconds(10),
            .max_sessions = 32,
            .max_per_client = 4,
            .guard_requests = true,
            .tls = std::move(tls)};
}

}  // namespace yici::app
