// SSE fan-out: a queue and a wake-up timer per subscriber. A read that waits on the socket notices a screen
// that hangs up at once; a comment line every 15 s finds clients that vanished without a word.
#include "http/event_stream.hpp"

#include <sodium.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

namespace yici::http {
namespace {

namespace asio = boost::asio;
using std::chrono::steady_clock;
constexpr std::size_t max_queued = 64;  // a stalled screen loses old events, never the kiosk's memory
constexpr std::size_t max_recent = 64;  // what a reconnecting screen can catch up on
constexpr std::chrono::seconds ping_every{15};

}  // namespace

EventHub::EventHub(asio::any_io_executor executor, EventDeadlines deadlines)
    : executor_(std::move(executor)),
      deadlines_(deadlines),
      run_(fmt::format("{:08x}", randombytes_random())) {}

void EventHub::publish(std::string_view name, const boost::json::object& data) {
    ++seq_;
    std::string frame =
        fmt::format("id: {}-{}\nevent: {}\ndata: {}\n\n", run_, seq_, name, boost::json::serialize(data));
    for (auto& s : subscribers_) {
        if (s->queue.size() >= max_queued) s->queue.pop_front();
        s->queue.push_back(frame);
        s->wake.cancel();
    }
    if (recent_.size() >= max_recent) recent_.pop_front();
    recent_.push_back({seq_, std::move(frame)});
}

void EventHub::replayAfter(std::string_view last_event_id, Subscriber& to) const {
    // "RUN-SEQ" of this run; an id of an earlier run (yicid restarted) or none replays nothing.
    if (!last_event_id.starts_with(run_) || last_event_id.size() <= run_.size() + 1 ||
        last_event_id[run_.size()] != '-')
        return;
    const std::string_view digits = last_event_id.substr(run_.size() + 1);
    std::uint64_t seen = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seen);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return;
    for (const Sent& sent : recent_) {
        if (sent.seq > seen) to.queue.push_back(sent.frame);
    }
}

void EventHub::close() {
    for (auto& s : subscribers_) {
        s->closed = true;
        s->wake.cancel();
    }
}

asio::awaitable<void> EventHub::serve(boost::beast::tcp_stream& stream, const Request& request) {
    auto me = std::make_shared<Subscriber>(executor_);
    replayAfter(request["Last-Event-ID"], *me);
    subscribers_.push_back(me);
    const std::string head = fmt::format(
        "HTTP/{}.{} 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 2000\n\n",
        request.version() / 10, request.version() % 10);
    boost::system::error_code ec;
    // A screen sends nothing after its request: whatever ends this read (the client closing its end, a
    // reset, stray bytes, the server giving its slot to a newer stream) ends the stream, so a closed browser
    // frees its connection now, not at the next ping.
    auto scratch = std::make_shared<std::array<char, 64>>();
    stream.socket().async_read_some(asio::buffer(*scratch),
                                    [me, scratch](boost::system::error_code, std::size_t) {
                                        me->closed = true;
                                        me->wake.cancel();
                                    });
    stream.expires_after(deadlines_.write);
    co_await asio::async_write(stream, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
    auto idle_at = steady_clock::now() + deadlines_.idle;
    while (!ec && !me->closed) {
        if (me->queue.empty()) {
            const auto now = steady_clock::now();
            if (now >= idle_at) break;  // the screen opens a new stream at once (retry: 2000)
            me->wake.expires_after(std::min<steady_clock::duration>(ping_every, idle_at - now));
            boost::system::error_code wait_ec;
            co_await me->wake.async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
            if (me->queue.empty() && !me->closed && steady_clock::now() < idle_at)
                me->queue.push_back(": ping\n\n");
            continue;
        }
        const std::string frame = std::move(me->queue.front());
        me->queue.pop_front();
        if (!frame.starts_with(':')) idle_at = steady_clock::now() + deadlines_.idle;
        stream.expires_after(deadlines_.write);
        co_await asio::async_write(stream, asio::buffer(frame),
                                   asio::redirect_error(asio::use_awaitable, ec));
    }
    subscribers_.remove(me);
}

}  // namespace yici::http
