// Server-sent events for the touch UI (GET /api/v1/events): every connected screen gets every event.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/object.hpp>

#include <deque>
#include <list>
#include <memory>
#include <string>
#include <string_view>

namespace yici::http {

class EventHub {
  public:
    explicit EventHub(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // Queues `event: NAME` with `data: JSON` for every subscriber. Never personal data in `data`.
    void publish(std::string_view name, const boost::json::object& data);

    // Writes the SSE response on `stream` until the client goes away or the hub closes.
    boost::asio::awaitable<void> serve(boost::beast::tcp_stream& stream, unsigned http_version);
    void close();
    std::size_t subscribers() const { return subscribers_.size(); }

  private:
    struct Subscriber {
        explicit Subscriber(boost::asio::any_io_executor ex) : wake(ex) {}
        std::deque<std::string> queue;
        boost::asio::steady_timer wake;
        bool closed = false;
    };
    boost::asio::any_io_executor executor_;
    std::list<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace yici::http
