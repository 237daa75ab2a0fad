// Boost.Beast over TCP or OpenSSL, as coroutines on the Asio thread.
#include "hall/hall_client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <fmt/format.h>

#include "base/secure_wipe.hpp"
#include "config/errors.hpp"
#include "hall/errors.hpp"

namespace yici::hall {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

Error errorOf(const boost::system::error_code& ec, std::string_view step) {
    if (ec == beast::error::timeout) return Error{Errc::hall_timeout, fmt::format("{}: timed out", step)};
    if (ec.category() == asio::error::get_ssl_category())
        return Error{Errc::hall_tls_error, fmt::format("{}: {}", step, ec.message())};
    return Error{Errc::hall_unreachable, fmt::format("{}: {}", step, ec.message())};
}

// Writes the request and reads the answer on a connected stream (TCP or TLS).
template <class Stream>
asio::awaitable<Expected<HallResponse>> exchange(Stream& stream,
                                                 bhttp::request<bhttp::string_body>& request) {
    boost::system::error_code ec;
    co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::unexpected(errorOf(ec, "send"));
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1024 * 1024);  // an ack list for a batch is small; anything bigger is not the hall
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        if (ec == beast::error::timeout) co_return std::unexpected(errorOf(ec, "answer"));
        co_return std::unexpected(Error{Errc::hall_protocol_error, "answer: " + ec.message()});
    }
    auto response = parser.release();
    co_return HallResponse{response.result_int(), std::move(response.body())};
}

}  // namespace

Expected<HallClient> HallClient::create(asio::any_io_executor executor, const config::BoardConfig::Hall& hall,
                                        const std::string& kiosk_id) {
    auto url = boost::urls::parse_uri(hall.url);
    if (!url || url->encoded_host().empty() || (url->scheme() != "https" && url->scheme() != "http"))
        return fail(config::Errc::config_invalid, "[hall] url '" + hall.url + "' is not an http(s) URL");
    if (url->scheme() == "http" && !hall.insecure)
        return fail(config::Errc::config_invalid, "[hall] url is plain http:// but insecure is not set");
    HallClient c;
    c.executor_ = std::move(executor);
    c.tls_ = url->scheme() == "https";
    c.host_ = std::string(url->encoded_host());
    c.port_ = url->has_port() ? std::string(url->port()) : (c.tls_ ? "443" : "80");
    std::string path(url->encoded_path());
    while (!path.empty() && path.back() == '/') path.pop_back();
    c.base_path_ =
        path + "/api/v1/kiosks/" + boost::urls::encode(kiosk_id, boost::urls::unreserved_chars) + "/";
    if (c.tls_) {
        c.ssl_ = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
        boost::system::error_code ec;
        c.ssl_->set_verify_mode(asio::ssl::verify_peer, ec);
        if (hall.ca_file.empty()) {
            c.ssl_->set_default_verify_paths(ec);
        } else {
            c.ssl_->load_verify_file(hall.ca_file.string(), ec);
        }
        if (ec)
            return fail(config::Errc::config_invalid,
                        hall.ca_file.string() + ": cannot load the CA file: " + ec.message());
        if (!hall.cert_file.empty()) {
            c.ssl_->use_certificate_chain_file(hall.cert_file.string(), ec);
            if (ec)
                return fail(config::Errc::config_invalid,
                            hall.cert_file.string() + ": cannot load: " + ec.message());
            c.ssl_->use_private_key_file(hall.key_file.string(), asio::ssl::context::pem, ec);
            if (ec)
                return fail(config::Errc::config_invalid,
                            hall.key_file.string() + ": cannot load: " + ec.message());
        }
    }
    return c;
}

asio::awaitable<Expected<HallResponse>> HallClient::post(std::string what, std::string body,
                                                         std::chrono::milliseconds timeout,
                                                         std::string idempotency_key) const {
    boost::system::error_code ec;
    tcp::resolver resolver(executor_);
    beast::tcp_stream tcp_stream(executor_);
    tcp_stream.expires_after(timeout);
    const auto endpoints =
        co_await resolver.async_resolve(host_, port_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::unexpected(errorOf(ec, "resolve " + host_));
    co_await tcp_stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::unexpected(errorOf(ec, "connect " + host_ + ":" + port_));

    bhttp::request<bhttp::string_body> request(bhttp::verb::post, base_path_ + what, 11);
    request.set(bhttp::field::host, host_);
    request.set(bhttp::field::content_type, "application/json");
    request.set(bhttp::field::connection, "close");
    if (!idempotency_key.empty()) request.set("Idempotency-Key", idempotency_key);
    request.body() = std::move(body);
    request.prepare_payload();
    // The events' personal blocks are in the body: overwritten on every way out of here.
    struct WipeOnExit {
        std::string& text;
        ~WipeOnExit() { base::secureWipe(text); }
    } const wipe_body{request.body()};

    if (!tls_) co_return co_await exchange(tcp_stream, request);
    beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), *ssl_);
    // SSL_set_tlsext_host_name() spelled out: the macro's C cast trips -Wold-style-cast.
    if (SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host_.c_str())) != 1)
        co_return std::unexpected(Error{Errc::hall_tls_error, "cannot set the TLS server name"});
    tls.set_verify_callback(asio::ssl::host_name_verification(host_));
    co_await tls.async_handshake(asio::ssl::stream_base::client,
                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::unexpected(errorOf(ec, "TLS handshake with " + host_));
    auto answer = co_await exchange(tls, request);
    co_return answer;
}

}  // namespace yici::hall
