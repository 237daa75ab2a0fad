// yicid when its database file is damaged: instead of exiting into a restart loop, it stays up with the two
// listeners only. /health says "down" with storage store_corrupt and the file; every citizen API call, the
// catalog first, answers 503 with where to go instead, so the screen shows it; the file is not opened for
// writing (yicictl store check|recover, docs/architecture.md, "Storage").
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "base/error.hpp"
#include "config/board_config.hpp"
#include "http/static_files.hpp"

namespace yici::app {

struct OutOfServiceParts {
    config::BoardConfig board;
    Error problem;  // store_corrupt: "FILE: what SQLite found"
    http::StaticFiles ui_files;
    std::string status_token;
    std::shared_ptr<boost::asio::ssl::context> status_tls;
};

// Serves until SIGTERM or SIGINT; returns the process exit code.
int runOutOfService(boost::asio::io_context& io, OutOfServiceParts parts);

}  // namespace yici::app
