// ADDRESS:PORT parsing with Asio's address parser (numeric only: a listener never resolves names).
#include "base/listen_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <fmt/format.h>

#include <charconv>

#include "base/error.hpp"

namespace yici::base {

bool ListenAddress::isLoopback() const {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

std::string ListenAddress::text() const {
    return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                               : fmt::format("{}:{}", host, port);
}

Expected<ListenAddress> parseListenAddress(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return fail(Errc::config_bad_listen, fmt::format("'{}' is not ADDRESS:PORT", text));
    std::string_view host = text.substr(0, colon);
    const std::string_view port_text = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(host), ec);
    if (ec) return fail(Errc::config_bad_listen, fmt::format("'{}' is not a numeric IP address", host));
    unsigned port = 0;
    auto [ptr, perr] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (perr != std::errc{} || ptr != port_text.data() + port_text.size() || port == 0 || port > 65535) {
        return fail(Errc::config_bad_listen,
                    fmt::format("'{}' is not a port between 1 and 65535", port_text));
    }
    return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

}  // namespace yici::base
