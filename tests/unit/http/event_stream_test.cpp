// The touch UI's event stream over a real loopback connection: events arrive, and a screen that hangs up
// frees its subscription at once instead of at the next 15-second ping.
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
    asio::io_context io;
    EventHub hub{io.get_executor()};
    Server server{io.get_executor(), router(), ServerOptions{.name = "test"}};

    std::shared_ptr<const Router> router() {
        auto r = std::make_shared<Router>();
        r->addStream("/api/v1/events", [this](boost::beast::tcp_stream& stream, const Request& request) {
            return hub.serve(stream, request.version());
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
};

}  // namespace

TEST_CASE("a screen gets its events, and hanging up ends its subscription at once") {
    Bench bench;
    REQUIRE(bench.server.listen(base::ListenAddress{"127.0.0.1", 0}));

    tcp::socket client(bench.io);
    client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), bench.server.port()));
    const std::string request = "GET /api/v1/events HTTP/1.1\r\nHost: kiosk\r\n\r\n";
    asio::write(client, asio::buffer(request));
    REQUIRE(bench.runUntil([&] { return bench.hub.subscribers() == 1; }));

    bench.hub.publish("device", boost::json::object{{"device", "printer"}});
    std::string received;
    bool got = false;
    asio::async_read_until(client, asio::dynamic_buffer(received), "\"printer\"}\n\n",
                           [&](boost::system::error_code ec, std::size_t) { got = !ec; });
    REQUIRE(bench.runUntil([&] { return got; }));
    CHECK(received.find("Content-Type: text/event-stream") != std::string::npos);
    CHECK(received.find("event: device\ndata: {\"device\":\"printer\"}\n\n") != std::string::npos);

    client.close();
    CHECK(bench.runUntil([&] { return bench.hub.subscribers() == 0; }));
}

}  // namespace yici::http
