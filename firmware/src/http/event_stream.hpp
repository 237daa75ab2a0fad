// Server-sent events for the touch UI (GET /api/v1/events): every connected screen gets every event.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <string>
#include <string_view>

#include "http/router.hpp"

namespace yici::http {

struct EventDeadlines {
    std::chrono::milliseconds write{10'000};  // per event: a screen that stops reading is let go
    std::chrono::milliseconds idle{600'000};  // without an event the stream ends; the screen reopens it
};

class EventHub {
  public:
    explicit EventHub(boost::asio::any_io_executor executor, EventDeadlines deadlines = {});

    // Queues `event: NAME` with `data: JSON` for every subscriber. Never personal data in `data`.
    void publish(std::string_view name, const boost::json::object& data);

    // Writes the SSE response on `stream` until the client goes away, a deadline passes or the hub closes.
    // A screen that reconnects with `Last-Event-ID` first gets the recent events it missed.
    boost::asio::awaitable<void> serve(boost::beast::tcp_stream& stream, const Request& request);
    void close();
    std::size_t subscribers() const { return subscribers_.size(); }

  private:
    struct Subscriber {
        explicit Subscriber(boost::asio::any_io_executor ex) : wake(ex) {}
        std::deque<std::string> queue;
        boost::asio::steady_timer wake;
        bool closed = false;
    };
    struct Sent {
        std::uint64_t seq;
        std::string frame;
    };
    // The events a screen that reconnects may have missed.
    void replayAfter(std::string_view last_event_id, Subscriber& to) const;

    boost::asio::any_io_executor executor_;
    EventDeadlines deadlines_;
    std::string run_;  // tells event ids of this yicid run from those of an earlier one
    std::uint64_t seq_ = 0;
    std::deque<Sent> recent_;
    std::list<std::shared_ptr<Subscriber>> subscribers_;
};

}  // namespace yici::http
