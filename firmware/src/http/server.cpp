// HTTP server sessions: read with limits, route, write, keep alive.
#include "http/server.hpp"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <type_traits>

#include "http/internal/log.hpp"

#include "base/async.hpp"
#include "http/errors.hpp"
#include "http/wiping_memory.hpp"

namespace yici::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

// A session's place in a list (of those waiting for a request, of the open streams) for as long as it lives.
template <class Entry>
class Listed {
  public:
    Listed(std::shared_ptr<std::list<Entry>> list, Entry entry)
        : list_(std::move(list)), at_(list_->insert(list_->end(), entry)) {}
    ~Listed() { list_->erase(at_); }
    Listed(const Listed&) = delete;
    Listed& operator=(const Listed&) = delete;

  private:
    std::shared_ptr<std::list<Entry>> list_;
    typename std::list<Entry>::iterator at_;
};

// A connection of one client address, counted while its session lives (the accept loop counted it in).
class ClientSlot {
  public:
    ClientSlot(std::shared_ptr<std::map<std::string, int>> clients, std::string client)
        : clients_(std::move(clients)), client_(std::move(client)) {}
    ~ClientSlot() {
        if (const auto at = clients_->find(client_); at != clients_->end() && --at->second <= 0)
            clients_->erase(at);
    }
    ClientSlot(const ClientSlot&) = delete;
    ClientSlot& operator=(const ClientSlot&) = delete;
    const std::string& client() const { return client_; }

  private:
    std::shared_ptr<std::map<std::string, int>> clients_;
    std::string client_;
};

// The TLS 1.2 suites the status listener offers (serverTls).
constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

}  // namespace

Response textResponse(const Request& request, beast_http::status status, std::string body,
                      std::string content_type) {
    Response response(status, request.version());
    response.set(beast_http::field::content_type, content_type);
    response.set(beast_http::field::cache_control, "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Response jsonResponse(const Request& request, beast_http::status status, const boost::json::value& body) {
    return textResponse(request, status, boost::json::serialize(body), "application/json; charset=utf-8");
}

Response noContent(const Request& request) {
    return textResponse(request, beast_http::status::no_content, "", "application/json; charset=utf-8");
}

std::string_view bearerToken(const Request& request) {
    const std::string_view header = request[beast_http::field::authorization];
    constexpr std::string_view scheme = "Bearer ";
    return header.starts_with(scheme) ? header.substr(scheme.size()) : std::string_view{};
}

Server::Server(asio::any_io_executor executor, std::shared_ptr<const Router> router, ServerOptions options)
    : executor_(executor), router_(std::move(router)), options_(std::move(options)), acceptor_(executor) {}

Expected<void> Server::listen(const base::ListenAddress& address) {
    boost::system::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address(address.host, ec), address.port);
    if (!ec) acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return fail(Errc::listen_failed,
                    fmt::format("{} listener on {}: {}", options_.name, address.text(), ec.message()));
    if (options_.guard_requests)
        guard_ = RequestGuard::forListener(address.host, port(), options_.tls != nullptr);
    asio::co_spawn(executor_, acceptLoop(), asio::detached);
    return {};
}

void Server::close() {
    boost::system::error_code ec;
    acceptor_.close(ec);
}

std::uint16_t Server::port() const {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec).port();
}

asio::awaitable<void> Server::acceptLoop() {
    asio::steady_timer pause(executor_);
    bool failing = false;
    while (acceptor_.is_open()) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec == asio::error::operation_aborted) break;
        if (ec) {
            // Out of file descriptors, say: log once per streak and back off instead of spinning.
            if (!failing)
                log()->error("{}: accept failed: {}; retrying every 200 ms", options_.name, ec.message());
            failing = true;
            pause.expires_after(std::chrono::milliseconds(200));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        // A flood of idle connections must not starve the kiosk: the one that has waited longest for its
        // request gives way to the new one; when every session is busy answering, the new one waits.
        while (*sessions_ >= options_.max_sessions && !evictOldestWaiting() && acceptor_.is_open()) {
            pause.expires_after(std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        failing = false;
        std::string client = socket.remote_endpoint(ec).address().to_string();
        if (ec) continue;  // gone already
        if (options_.max_per_client > 0 && (*clients_)[client] >= options_.max_per_client &&
            !evictOldestWaiting(&client)) {
            log()->warn("{}: {} already holds {} busy connections; one more closed", options_.name, client,
                        options_.max_per_client);
            socket.close(ec);
            continue;
        }
        ++(*clients_)[client];
        // The exception boundary: a handler that throws ends its own connection, never yicid.
        asio::co_spawn(executor_, session(std::move(socket), std::move(client)),
                       [name = options_.name](std::exception_ptr error) {
                           if (!error) return;
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& e) {
                               log()->error("{}: a request handler failed ({}); that connection is dropped",
                                            name, e.what());
                           } catch (...) {
                               log()->error("{}: a request handler failed; that connection is dropped", name);
                           }
                       });
    }
}

bool Server::evictOldestWaiting(const std::string* client) {
    for (WaitingSession& waiting : *waiting_) {
        // Closed already (its session not yet resumed), or another client's.
        if (waiting.evicted || (client != nullptr && *waiting.client != *client)) continue;
        waiting.evicted = true;
        boost::system::error_code ignored;
        waiting.stream->socket().close(ignored);
        return true;
    }
    return false;
}

void Server::makeRoomForStream() {
    const auto open = std::ranges::count_if(*streams_, [](const OpenStream& s) { return !s.evicted; });
    if (open < options_.max_streams) return;
    for (OpenStream& oldest : *streams_) {
        if (oldest.evicted) continue;  // closed already, its handler not yet resumed
        log()->info("{}: {} streams open; the oldest gives way to the new one", options_.name, open);
        oldest.evicted = true;
        boost::system::error_code ignored;
        oldest.stream->socket().close(ignored);
        return;
    }
}

asio::awaitable<void> Server::session(tcp::socket socket, std::string client) {
    const ClientSlot slot(clients_, std::move(client));
    auto counted = std::make_optional<ScopedCount>(sessions_);
    beast::tcp_stream plain(std::move(socket));
    if (!options_.tls) {
        co_await serve(plain, counted, slot.client());
        boost::system::error_code ignored;
        plain.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return;
    }
    beast::ssl_stream<beast::tcp_stream> tls(std::move(plain), *options_.tls);
    boost::system::error_code ec;
    {
        // The handshake counts as waiting for a header: an idle or slow client gives way the same.
        const Listed<WaitingSession> waiting(waiting_, {&beast::get_lowest_layer(tls), &slot.client()});
        beast::get_lowest_layer(tls).expires_after(options_.header_timeout);
        co_await tls.async_handshake(asio::ssl::stream_base::server,
                                     asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
        // Plain HTTP to the HTTPS port, an unknown CA, a client without a certificate under mutual TLS.
        log()->warn("{}: TLS handshake failed: {}", options_.name, ec.message());
        co_return;
    }
    co_await serve(tls, counted, slot.client());
    beast::get_lowest_layer(tls).expires_after(std::chrono::seconds(2));
    co_await tls.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
}

template <class Stream>
asio::awaitable<void> Server::serve(Stream& stream, std::optional<ScopedCount>& counted,
                                    const std::string& client) {
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    // The raw request bytes (a citizen's details in a POST) are zeroed when the buffer lets them go.
    beast::basic_flat_buffer<WipingAllocator<char>> buffer(8192);
    auto router = router_;  // keeps the routes alive while this session runs
    for (;;) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(options_.body_limit);
        boost::system::error_code ec;
        {
            // A body that stalls waits like a header that does: a full pool closes the oldest of them.
            const Listed<WaitingSession> waiting(waiting_, {&tcp, &client});
            tcp.expires_after(options_.header_timeout);
            co_await beast_http::async_read_header(stream, buffer, parser,
                                                   asio::redirect_error(asio::use_awaitable, ec));
            if (!ec && !parser.is_done()) {
                tcp.expires_after(options_.body_timeout);
                co_await beast_http::async_read(stream, buffer, parser,
                                                asio::redirect_error(asio::use_awaitable, ec));
            }
        }
        if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof ||
            ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor ||
            ec == asio::ssl::error::stream_truncated) {
            co_return;
        }
        Response response;
        if (ec) {
            // Someone sent us something that is not HTTP we accept: say so and hang up.
            log()->warn("{}: bad request: {}", options_.name, ec.message());
            Request bare;
            bare.version(11);
            bare.keep_alive(false);
            const bool too_big = ec == beast_http::error::body_limit || ec == beast_http::error::header_limit;
            response = errorResponse(bare, too_big ? payload_too_large : bad_request);
        } else if (const ErrorText* refused = refusal(guard_, parser.get())) {
            log()->warn("{}: refused {} {}: {}", options_.name, std::string(parser.get().method_string()),
                        std::string(parser.get().target()), refused->code.name());
            response = errorResponse(parser.get(), *refused);
            response.keep_alive(false);
        } else if (const StreamHandler* streaming = router->stream(parser.get());
                   streaming != nullptr && std::is_same_v<Stream, beast::tcp_stream>) {
            makeRoomForStream();
            counted.reset();  // from the request pool to the stream pool
            const Listed<OpenStream> open(streams_, {&tcp});
            co_await (*streaming)(tcp, parser.get());
            co_return;  // a stream ends with its connection
        } else {
            response = co_await router->dispatch(parser.get());
        }
        tcp.expires_after(options_.write_timeout);
        co_await beast_http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
        // Both bodies may hold personal data (the session view, the details a citizen typed).
        base::secureWipe(parser.get().body());
        base::secureWipe(response.body());
        if (ec || !response.keep_alive()) co_return;
    }
}

Expected<std::shared_ptr<asio::ssl::context>> serverTls(const std::filesystem::path& cert_file,
                                                        const std::filesystem::path& key_file,
                                                        const std::filesystem::path& client_ca) {
    auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    // TLS 1.2 offers only ECDHE with AES-GCM or ChaCha20-Poly1305 (forward secrecy and AEAD, the common
    // "intermediate" server profile); TLS 1.3's suites are all of that kind already.
    if (SSL_CTX_set_cipher_list(tls->native_handle(), tls12_ciphers) != 1)
        return fail(Errc::listen_failed, "OpenSSL refused the TLS 1.2 cipher list");
    boost::system::error_code ec;
    const auto problem = [&ec](const std::filesystem::path& file, std::string_view what) {
        return fail(Errc::listen_failed, fmt::format("{} ({}): {}", file.string(), what, ec.message()));
    };
    tls->use_certificate_chain_file(cert_file.string(), ec);
    if (ec) return problem(cert_file, "certificate chain");
    tls->use_private_key_file(key_file.string(), asio::ssl::context::pem, ec);
    if (ec) return problem(key_file, "private key");
    if (!client_ca.empty()) {
        tls->load_verify_file(client_ca.string(), ec);
        if (ec) return problem(client_ca, "client CA");
        tls->set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
    return tls;
}

}  // namespace yici::http
