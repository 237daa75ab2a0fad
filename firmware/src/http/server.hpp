// A small HTTP/1.1 server on Boost.Beast: literal routes registered in one place, limits on every
// request, coroutines on the one Asio thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "base/error.hpp"
#include "base/listen_address.hpp"

namespace yici::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;
// A long-lived response (server-sent events) that writes straight to the connection until it ends.
using StreamHandler = std::function<boost::asio::awaitable<void>(boost::beast::tcp_stream&, const Request&)>;

Response jsonResponse(const Request& request, beast_http::status status, const boost::json::value& body);
Response textResponse(const Request& request, beast_http::status status, std::string body,
                      std::string content_type);
// 204: the request was done and there is nothing to say.
Response noContent(const Request& request);

// Literal paths only ("/api/v1/tickets"), one handler per method and path.
class Router {
  public:
    void add(beast_http::verb method, std::string path, Handler handler);
    // A fallback for GETs that match no route (static files).
    void fallback(Handler handler) { fallback_ = std::move(handler); }
    void addStream(std::string path, StreamHandler handler) {
        streams_.insert_or_assign(std::move(path), std::move(handler));
    }
    boost::asio::awaitable<Response> dispatch(const Request& request) const;
    // The stream handler for a GET of a stream path, or null.
    const StreamHandler* stream(const Request& request) const;

  private:
    std::map<std::string, StreamHandler> streams_;
    std::map<std::pair<beast_http::verb, std::string>, Handler> routes_;
    Handler fallback_;
};

// The path of a request target without its query; empty when the target is not origin-form.
std::string requestPath(const Request& request);

struct ServerOptions {
    std::string name;                    // for logs: "ui", "status"
    std::size_t body_limit = 16 * 1024;  // the citizen API never needs more
    std::chrono::seconds timeout{30};    // per read or write
    int max_sessions = 32;               // more connections wait in the backlog
};

class Server {
  public:
    Server(boost::asio::any_io_executor executor, std::shared_ptr<const Router> router,
           ServerOptions options);
    Expected<void> listen(const base::ListenAddress& address);
    void close();
    std::uint16_t port() const;

  private:
    boost::asio::awaitable<void> acceptLoop();
    boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket socket);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<const Router> router_;
    ServerOptions options_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::shared_ptr<int> sessions_ =
        std::make_shared<int>(0);  // shared: a session frame may outlive the server
};

}  // namespace yici::http
