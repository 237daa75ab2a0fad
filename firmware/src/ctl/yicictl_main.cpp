// yicictl, the technician's tool: `config check FILE`, `status [URL] [--token-file FILE]`.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <cstdio>
#include <string>
#include <string_view>

#include "api/status_api.hpp"
#include "catalog/hall_catalog.hpp"
#include "config/board_config.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

int usage() {
    std::fprintf(
        stderr,
        "usage: yicictl config check FILE   check a board config and its hall catalog\n"
        "       yicictl status [URL] [--token-file FILE]\n"
        "                                   show a kiosk's /health (default http://127.0.0.1:9180) with the\n"
        "                                   bearer token from FILE; exit 1 when down\n");
    return 2;
}

int configCheck(const char* file) {
    auto board = yici::config::loadBoardConfig(file);
    if (!board) {
        std::fprintf(stderr, "%s\n", board.error().message.c_str());
        return 1;
    }
    auto hall = yici::catalog::loadHallCatalog(board->kiosk.hall_catalog);
    if (!hall) {
        std::fprintf(stderr, "%s\n", hall.error().message.c_str());
        return 1;
    }
    std::printf("%s: ok (kiosk %s, printer %s, hall %s: %zu categories, %zu services)\n", file,
                board->kiosk.id.c_str(), board->printer.driver.c_str(),
                board->kiosk.hall_catalog.string().c_str(), hall->categories.size(), hall->services.size());
    return 0;
}

int status(std::string_view base, const char* token_file) {
    std::string token;
    if (token_file != nullptr) {
        auto read = yici::api::readStatusToken(token_file);
        if (!read) {
            std::fprintf(stderr, "yicictl: %s\n", read.error().message.c_str());
            return 2;
        }
        token = std::move(*read);
    }
    auto url = boost::urls::parse_uri(base);
    if (!url || url->scheme() != "http" || url->encoded_host().empty()) {
        std::fprintf(stderr, "yicictl: '%.*s' is not an http:// URL\n", static_cast<int>(base.size()),
                     base.data());
        return 2;
    }
    asio::io_context io;
    beast::tcp_stream stream(io);
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(std::string(url->encoded_host()),
                                            url->has_port() ? std::string(url->port()) : "80", ec);
    stream.expires_after(std::chrono::seconds(5));
    if (!ec) stream.connect(endpoints, ec);
    bhttp::request<bhttp::empty_body> request(bhttp::verb::get, "/health", 11);
    request.set(bhttp::field::host, std::string(url->encoded_host()));
    if (!token.empty()) request.set(bhttp::field::authorization, "Bearer " + token);
    if (!ec) bhttp::write(stream, request, ec);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    if (!ec) bhttp::read(stream, buffer, response, ec);
    if (ec) {
        std::fprintf(stderr, "yicictl: %.*s: %s\n", static_cast<int>(base.size()), base.data(),
                     ec.message().c_str());
        return 1;
    }
    if (response.result() == bhttp::status::unauthorized) {
        std::fprintf(stderr, "yicictl: %.*s wants the status token: --token-file FILE\n",
                     static_cast<int>(base.size()), base.data());
        return 1;
    }
    std::printf("%s\n", response.body().c_str());
    // Exit status for scripts: 0 when the kiosk can issue tickets (ok or degraded), 1 when it is down.
    boost::system::error_code parse_error;
    const auto health = boost::json::parse(response.body(), parse_error);
    const auto* status =
        parse_error || !health.is_object() ? nullptr : health.as_object().if_contains("status");
    return response.result() == bhttp::status::ok && status != nullptr && *status != "down" ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "config" && argc == 4 && std::string_view(argv[2]) == "check") return configCheck(argv[3]);
    if (command == "status") {
        std::string_view url = "http://127.0.0.1:9180";
        const char* token_file = nullptr;
        for (int i = 2; i < argc; ++i) {
            const std::string_view arg = argv[i];
            if (arg == "--token-file" && i + 1 < argc) {
                token_file = argv[++i];
            } else if (!arg.starts_with("-") && i == 2) {
                url = arg;
            } else {
                return usage();
            }
        }
        return status(url, token_file);
    }
    return usage();
}
