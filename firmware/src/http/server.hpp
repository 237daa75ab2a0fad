// A small HTTP/1.1 server on Boost.Beast: routes (http/router) registered in one place, limits on every
// request, coroutines on the one Asio thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/async.hpp"
#include "base/error.hpp"
#include "base/listen_address.hpp"
#include "http/request_guard.hpp"
#include "http/router.hpp"

namespace yici::http {

Response jsonResponse(const Request& request, beast_http::status status, const boost::json::value& body);
Response textResponse(const Request& request, beast_http::status status, std::string body,
                      std::string content_type);
// 204: the request was done and there is nothing to say.
Response noContent(const Request& request);
// The token of an "Authorization: Bearer <token>" header; empty without one.
std::string_view bearerToken(const Request& request);

struct ServerOptions {
    std::string name;                    // for logs: "ui", "status"
    std::size_t body_limit = 16 * 1024;  // the citizen API never needs more
    // From connecting (or the last answer) to a request's full header, and from there to its whole body.
    std::chrono::seconds header_timeout{5};
    std::chrono::seconds body_timeout{5};
    std::chrono::seconds write_timeout{30};  // per answer (streams keep their own deadlines)
    // Connections handling requests. When all are taken, a new one replaces the one that has waited
    // longest for its request (its header or its body): idle or stalled sockets cannot keep the page from
    // being served.
    int max_sessions = 32;
    // Event streams and camera previews, apart. A new one replaces the oldest, so the screen's own stream
    // always gets in, whatever else holds one.
    int max_streams = 4;
    // Connections one client address may hold at once (0: no limit), so one host on the LAN cannot take
    // every session of the status listener. At the limit, its next connection replaces its own connection
    // that has waited longest for a request; when all of them are busy answering, the new one is closed.
    int max_per_client = 0;
    // Host / Content-Type / Origin checks (http/request_guard.hpp) against the address listen() opens.
    bool guard_requests = false;
    // HTTPS (serverTls()); null: plain HTTP. Streams (event streams, previews) are served on plain only.
    std::shared_ptr<boost::asio::ssl::context> tls = nullptr;
};

// The TLS context of a listener: its certificate chain and key (PEM), and with `client_ca` also mutual TLS
// (a client without a certificate that CA signed is refused in the handshake). TLS 1.2 or later.
Expected<std::shared_ptr<boost::asio::ssl::context>> serverTls(const std::filesystem::path& cert_file,
                                                               const std::filesystem::path& key_file,
                                                               const std::filesystem::path& client_ca = {});

class Server {
  public:
    Server(boost::asio::any_io_executor executor, std::shared_ptr<const Router> router,
           ServerOptions options);
    Expected<void> listen(const base::ListenAddress& address);
    void close();
    std::uint16_t port() const;

  private:
    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket socket, std::string client);
    // Requests on one connection until it closes: plain (beast::tcp_stream) or TLS (ssl_stream over it).
    template <class Stream>
    boost::asio::awaitable<void> serve(Stream& stream, std::optional<ScopedCount>& counted,
                                       const std::string& client);
    // Closes the session (of `client`, when given) that has waited longest for a request; false when none
    // waits.
    bool evictOldestWaiting(const std::string* client = nullptr);
    // Makes room for one more stream: closes the oldest when max_streams are open.
    void makeRoomForStream();

    boost::asio::any_io_executor executor_;
    std::shared_ptr<const Router> router_;
    ServerOptions options_;
    RequestGuard guard_;  // set by listen() when options_.guard_requests
    boost::asio::ip::tcp::acceptor acceptor_;
    // Shared: a session frame may outlive the server.
    std::shared_ptr<int> sessions_ = std::make_shared<int>(0);
    std::shared_ptr<std::map<std::string, int>> clients_ = std::make_shared<std::map<std::string, int>>();
    // The sessions waiting for a request, oldest first; each session removes its own entry.
    struct WaitingSession {
        boost::beast::tcp_stream* stream;
        const std::string* client;  // the session's own copy
        bool evicted = false;
    };
    std::shared_ptr<std::list<WaitingSession>> waiting_ = std::make_shared<std::list<WaitingSession>>();
    // The open streams, oldest first; each removes its own entry when it ends.
    struct OpenStream {
        boost::beast::tcp_stream* stream;
        bool evicted = false;
    };
    std::shared_ptr<std::list<OpenStream>> streams_ = std::make_shared<std::list<OpenStream>>();
};

}  // namespace yici::http
