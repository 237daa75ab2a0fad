// Fuzz target: what a socket on the UI listener sends, through Beast's parser with the server's limits and
// then the request guard (Host, Origin, Content-Type). A request the guard lets through names us as Host.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/request_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace bhttp = boost::beast::http;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(8 * 1024);
    parser.body_limit(16 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_header_done()) return 0;
    static const auto guard = yici::http::RequestGuard::forListener("127.0.0.1", 8080);
    const auto& request = parser.get();
    if (yici::http::refusal(guard, request) != nullptr) return 0;
    // Let through: the Host is one of loopback's names (any case), then nothing or our port.
    std::string host(request[bhttp::field::host]);
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view name : {"127.0.0.1", "localhost", "[::1]"}) {
        const std::string_view rest = std::string_view(host).substr(std::min(host.size(), name.size()));
        if (host.starts_with(name) && (rest.empty() || rest == ":" || rest == ":8080")) return 0;
    }
    __builtin_trap();
}
