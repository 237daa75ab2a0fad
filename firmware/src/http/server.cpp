// HTTP server sessions: read with limits, route, write, keep alive.
#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/serialize.hpp>

#include <exception>

#include "base/logging.hpp"

#include "base/async.hpp"
#include "http/errors.hpp"

namespace yici::http {
namespace {

YICI_LOG_DEFINE_CATEGORY(log, "http")

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

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
        if (*sessions_ >= options_.max_sessions) {  // a flood of idle connections must not starve the kiosk
            pause.expires_after(std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
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
        failing = false;
        // The exception boundary: a handler that throws ends its own connection, never yicid.
        asio::co_spawn(executor_, session(std::move(socket)),
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

asio::awaitable<void> Server::session(tcp::socket socket) {
    ScopedCount counted(sessions_);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(8192);
    auto router = router_;  // keeps the routes alive while this session runs
    for (;;) {
        beast_http::request_parser<beast_http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(options_.body_limit);
        boost::system::error_code ec;
        stream.expires_after(options_.timeout);
        co_await beast_http::async_read(stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
        if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout ||
            ec == asio::error::connection_reset || ec == asio::error::eof) {
            break;
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
        } else if (const StreamHandler* streaming = router->stream(parser.get())) {
            co_await (*streaming)(stream, parser.get());
            break;  // a stream ends with its connection
        } else {
            response = co_await router->dispatch(parser.get());
        }
        stream.expires_after(options_.timeout);
        co_await beast_http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || !response.keep_alive()) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace yici::http
