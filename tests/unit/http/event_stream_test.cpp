// The touch UI's event stream over a real loopback connection: events arrive, a screen that hangs up frees
// its subscription at once instead of at the next 15-second ping, one that stops reading or hears nothing for
// the idle time is let go, and one that reconnects catches up on what it missed.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <string>

#include "http/event_stream.hpp"
#include "http/server.hpp"
#include "testing.hpp"

namespace yici::http {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

struct Bench {
    explicit Bench(EventDeadlines deadlines = {}) : hub(io.get_executor(), deadlines) {
        REQUIRE(server.listen(base::ListenAddress{"127.0.0.1", 0}));
    }
    asio::io_context io;
    EventHub hub;
    Server server{io.get_executor(), router(), ServerOptions{.name = "test"}};

    std::shared_ptr<const Router> router() {
        auto r = std::make_shared<Router>();
        r->addStream("/api/v1/events", [this](boost::beast::tcp_stream& stream, const Request& request) {
            return hub.serve(stream, request);
        });
        return r;
    }

    // Runs the loop until `done` holds or two seconds pass.
    template <typename Predicate>
    bool runUntil(Predicate done) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (!done() && std::chrono::steady_clock::now() < end) io.run_for(std::chrono::milliseconds(10));
        return done();
    }

    // A screen subscribed with `headers` (e.g. a Last-Event-ID line).
    tcp::socket subscribe(const std::string& headers = {}) {
        tcp::socket client(io);
        client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
        asio::write(client,
                    asio::buffer("GET /api/v1/events HTTP/1.1\r\nHost: kiosk\r\n" + headers + "\r\n"));
        const std::size_t before = hub.subscribers();
        REQUIRE(runUntil([&] { return hub.subscribers() > before; }));
        return client;
    }

    // What `client` reads until `until` (or two seconds pass).
    std::string readUntil(tcp::socket& client, const std::string& until) {
        std::string received;
        bool done = false;
        asio::async_read_until(client, asio::dynamic_buffer(received), until,
                               [&](boost::system::error_code, std::size_t) { done = true; });
        runUntil([&] { return done; });
        if (!done) {
            client.cancel();
            runUntil([&] { return done; });
        }
        return received;
    }
};

}  // namespace

TEST_CASE("a screen gets its events, and hanging up ends its subscription at once") {
    Bench bench;
    tcp::socket client = bench.subscribe();
    bench.hub.publish("device", boost::json::object{{"device", "printer"}});
    const std::string received = bench.readUntil(client, "\"printer\"}\n\n");
    CHECK(received.find("Content-Type: text/event-stream") != std::string::npos);
    CHECK(received.find("event: device\ndata: {\"device\":\"printer\"}\n\n") != std::string::npos);

    client.close();
    CHECK(bench.runUntil([&] { return bench.hub.subscribers() == 0; }));
}

TEST_CASE("a stream goes on while events come, and ends once none came for the idle time") {
    Bench bench({.idle = std::chrono::milliseconds(300)});
    tcp::socket client = bench.subscribe();
    for (int i = 0; i < 8; ++i) {  // 0.6 s of an event every 75 ms: longer than the idle time
        bench.io.run_for(std::chrono::milliseconds(75));
        bench.hub.publish("device", boost::json::object{{"n", i}});
    }
    CHECK(bench.hub.subscribers() == 1);
    CHECK(bench.runUntil([&] { return bench.hub.subscribers() == 0; }));
    const std::string received = bench.readUntil(client, "never sent");
    CHECK(received.find("\"n\":7") != std::string::npos);  // every event came before it ended
}

TEST_CASE("a screen that stops reading is let go after the write deadline") {
    Bench bench({.write = std::chrono::milliseconds(300)});
    tcp::socket stalled = bench.subscribe();
    const std::string big(64 * 1024, 'x');
    // Far more than the socket buffers hold: the kiosk's writes stall until the deadline ends the stream.
    for (int i = 0; i < 200 && bench.hub.subscribers() == 1; ++i) {
        bench.hub.publish("device", boost::json::object{{"pad", big}});
        bench.io.run_for(std::chrono::milliseconds(10));
    }
    CHECK(bench.runUntil([&] { return bench.hub.subscribers() == 0; }));
}

TEST_CASE("a screen that reconnects with Last-Event-ID gets the events it missed, and only those") {
    Bench bench;
    tcp::socket first = bench.subscribe();
    bench.hub.publish("device", boost::json::object{{"n", 1}});
    const std::string seen = bench.readUntil(first, "\"n\":1}\n\n");
    const auto at = seen.find("id: ");
    REQUIRE(at != std::string::npos);
    const std::string id = seen.substr(at + 4, seen.find('\n', at) - at - 4);
    first.close();
    REQUIRE(bench.runUntil([&] { return bench.hub.subscribers() == 0; }));

    bench.hub.publish("card_tapped", boost::json::object{{"n", 2}});  // while no screen listened
    tcp::socket again = bench.subscribe("Last-Event-ID: " + id + "\r\n");
    const std::string caught_up = bench.readUntil(again, "\"n\":2}\n\n");
    CHECK(caught_up.find("event: card_tapped") != std::string::npos);
    CHECK(caught_up.find("\"n\":1") == std::string::npos);

    // An id of an earlier yicid run replays nothing.
    tcp::socket stranger = bench.subscribe("Last-Event-ID: 00000000-0\r\n");
    bench.hub.publish("device", boost::json::object{{"n", 3}});
    const std::string fresh = bench.readUntil(stranger, "\"n\":3}\n\n");
    CHECK(fresh.find("\"n\":2") == std::string::npos);
}

}  // namespace yici::http
