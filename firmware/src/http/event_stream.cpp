// SSE fan-out: a queue and a wake-up timer per subscriber. A read that waits on the socket notices a screen
// that hangs up at once; a comment line every 15 s finds clients that vanished without a word.
#include "http/event_stream.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <array>

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
    // A screen sends nothing after its request: whatever ends this read (the client closing its end, a
    // reset, stray bytes) ends the stream, so a closed browser frees its connection now, not at the next
    // ping.
    auto scratch = std::make_shared<std::array<char, 64>>();
    stream.socket().async_read_some(asio::buffer(*scratch),
                                    [me, scratch](boost::system::error_code, std::size_t) {
                                        me->closed = true;
                                        me->wake.cancel();
                                    });
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
