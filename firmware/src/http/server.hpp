// A small HTTP/1.1 server on Boost.Beast: routes (http/router) registered in one place, limits on every
// request, coroutines on the one Asio thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "base/listen_address.hpp"
#include "http/router.hpp"

namespace yici::http {

Response jsonResponse(const Request& request, beast_http::status status, const boost::json::value& body);
Response textResponse(const Request& request, beast_http::status status, std::string body,
                      std::string content_type);
// 204: the request was done and there is nothing to say.
Response noContent(const Request& request);

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
