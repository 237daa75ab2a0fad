// SSE fan-out: a queue and a wake-up timer per subscriber; a comment line every 15 s finds dead clients.
#include "http/event_stream.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

namespace yici::http {
namespace {

namespace asio = boost::asio;
constexpr std::size_t max_queued = 64;  // a stalled screen loses old events, never the kiosk's memory

}  // namespace

void EventHub::publish(std::string_view name, const boost::json::object& data) {
    const std::string frame = fmt::format("event: {}\ndata: {}\n\n", name, boost::json::serialize(data));
    for (auto& s : subscribers_) {
        if (s->queue.size() >= max_queued) s->queue.pop_front();
        s->queue.push_back(frame);
        s->wake.cancel();
    }
}

void EventHub::close() {
    for (auto& s : subscribers_) {
        s->closed = true;
        s->wake.cancel();
    }
}

asio::awaitable<void> EventHub::serve(boost::beast::tcp_stream& stream, unsigned http_version) {
    auto me = std::make_shared<Subscriber>(executor_);
    subscribers_.push_back(me);
    const std::string head = fmt::format(
        "HTTP/{}.{} 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 2000\n\n",
        http_version / 10, http_version % 10);
    boost::system::error_code ec;
    stream.expires_never();
    co_await asio::async_write(stream, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    while (!ec && !me->closed) {
        if (me->queue.empty()) {
            me->wake.expires_after(std::chrono::seconds(15));
            boost::system::error_code wait_ec;
            co_await me->wake.async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
            if (me->queue.empty() && !me->closed) me->queue.push_back(": ping\n\n");
            continue;
        }
        const std::string frame = std::move(me->queue.front());
        me->queue.pop_front();
        co_await asio::async_write(stream, asio::buffer(frame),
                                   asio::redirect_error(asio::use_awaitable, ec));
    }
    subscribers_.remove(me);
}

}  // namespace yici::http
