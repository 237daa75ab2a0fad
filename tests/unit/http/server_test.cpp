// The HTTP server over a real loopback socket: a handler that throws costs only its own connection, a
// path asked with the wrong method says which methods it has, and idle or slow sockets and open streams
// cannot keep the kiosk's page from being served.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <vector>

#include "base/logging.hpp"
#include "http/server.hpp"

using namespace yici;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

struct Bench {
    asio::io_context io;
    std::shared_ptr<http::Router> router = std::make_shared<http::Router>();
    std::optional<http::Server> server;
    int open_streams = 0;
    int holding = 0;  // requests to /hold being answered
    // /hold answers when the test cancels this timer, which never expires by itself.
    asio::steady_timer release{io, asio::steady_timer::time_point::max()};

    explicit Bench(http::ServerOptions options = {.name = "test"}) {
        router->add(bhttp::verb::get, "/boom", [](const http::Request&) -> asio::awaitable<http::Response> {
            throw std::runtime_error("handler bug");
            co_return http::Response{};
        });
        router->add(bhttp::verb::get, "/ok",
                    [](const http::Request& request) -> asio::awaitable<http::Response> {
                        co_return http::textResponse(request, bhttp::status::ok, "fine", "text/plain");
                    });
        router->add(bhttp::verb::post, "/ok",
                    [](const http::Request& request) -> asio::awaitable<http::Response> {
                        co_return http::noContent(request);
                    });
        // A request whose answer waits until the test releases it: a busy connection.
        router->add(bhttp::verb::get, "/hold",
                    [this](const http::Request& request) -> asio::awaitable<http::Response> {
                        ++holding;
                        boost::system::error_code cancelled;
                        co_await release.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
                        --holding;
                        co_return http::textResponse(request, bhttp::status::ok, "held", "text/plain");
                    });
        // A stream that stays open until its client hangs up.
        router->addStream("/stream",
                          [this](beast::tcp_stream& stream, const http::Request&) -> asio::awaitable<void> {
                              ++open_streams;
                              char byte = 0;
                              boost::system::error_code ec;
                              stream.expires_never();
                              co_await stream.async_read_some(asio::buffer(&byte, 1),
                                                              asio::redirect_error(asio::use_awaitable, ec));
                              --open_streams;
                          });
        server.emplace(io.get_executor(), router, std::move(options));
        REQUIRE(server->listen(base::ListenAddress{.host = "127.0.0.1", .port = 0}).has_value());
    }

    // One request on a fresh connection; nullopt when the server dropped the connection instead of answering.
    std::optional<http::Response> fetch(bhttp::verb method, std::string target) {
        return fetchWith(method, std::move(target), "127.0.0.1");
    }

    std::optional<http::Response> fetchWith(bhttp::verb method, std::string target, std::string host,
                                            const char* from = "127.0.0.1") {
        std::optional<http::Response> answer;
        auto client = [&]() -> asio::awaitable<void> {
            beast::tcp_stream stream(io.get_executor());
            stream.socket().open(asio::ip::tcp::v4());
            stream.socket().bind({asio::ip::make_address(from), 0});
            const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server->port());
            co_await stream.async_connect(endpoint, asio::use_awaitable);
            http::Request request(method, target, 11);
            request.set(bhttp::field::host, host);
            if (method == bhttp::verb::post) request.set(bhttp::field::content_type, "application/json");
            co_await bhttp::async_write(stream, request, asio::use_awaitable);
            beast::flat_buffer buffer;
            http::Response response;
            boost::system::error_code ec;
            co_await bhttp::async_read(stream, buffer, response,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (!ec) answer = std::move(response);
        };
        bool done = false;
        asio::co_spawn(io, client(), [&](std::exception_ptr) { done = true; });
        io.restart();
        while (!done) io.run_one();
        return answer;
    }

    // A connection from `from` that sends `bytes` (maybe nothing, maybe half a header) and then says
    // nothing more. All of 127.0.0.0/8 is loopback: other addresses stand for other hosts.
    asio::ip::tcp::socket idleConnection(std::string_view bytes = {}, const char* from = "127.0.0.1") {
        asio::ip::tcp::socket socket(io);
        socket.open(asio::ip::tcp::v4());
        socket.bind({asio::ip::make_address(from), 0});
        socket.connect({asio::ip::make_address("127.0.0.1"), server->port()});
        if (!bytes.empty()) asio::write(socket, asio::buffer(bytes));
        return socket;
    }

    // Runs the server until `done` holds or `limit` passes; whether it held.
    template <class Done>
    bool runUntil(Done done, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
        const auto until = std::chrono::steady_clock::now() + limit;
        io.restart();
        while (!done() && std::chrono::steady_clock::now() < until)
            io.run_one_for(std::chrono::milliseconds(20));
        return done();
    }
};

// Whether the server has closed `socket` (a read ends instead of waiting), driving the server meanwhile.
bool closedByServer(Bench& b, asio::ip::tcp::socket& socket, std::chrono::milliseconds limit) {
    bool finished = false;
    bool closed = false;
    char byte = 0;
    socket.async_read_some(asio::buffer(&byte, 1), [&](boost::system::error_code ec, std::size_t) {
        finished = true;
        closed = ec == asio::error::eof || ec == asio::error::connection_reset;
    });
    if (!b.runUntil([&] { return finished; }, limit)) {
        socket.cancel();
        b.runUntil([&] { return finished; });
    }
    return closed;
}

}  // namespace

TEST_CASE("a handler that throws drops its connection, says so in the log, and the server keeps serving") {
    Bench b;
    auto lines = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(16);
    const base::LogCategory http_log("http");  // the server's category: the same logger
    http_log->sinks().push_back(lines);
    CHECK_FALSE(b.fetch(bhttp::verb::get, "/boom").has_value());
    http_log->sinks().pop_back();
    const auto logged = lines->last_formatted();
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("test: a request handler failed (handler bug); that connection is dropped") !=
          std::string::npos);
    const auto after = b.fetch(bhttp::verb::get, "/ok");
    REQUIRE(after.has_value());
    CHECK(after->result() == bhttp::status::ok);
    CHECK(after->body() == "fine");
}

TEST_CASE("a known path with another method is a 405 that names the methods it has") {
    Bench b;
    const auto refused = b.fetch(bhttp::verb::delete_, "/ok");
    REQUIRE(refused.has_value());
    CHECK(refused->result() == bhttp::status::method_not_allowed);
    CHECK((*refused)[bhttp::field::allow] == "GET, POST");
    CHECK(b.fetch(bhttp::verb::get, "/nowhere")->result() == bhttp::status::not_found);
}

TEST_CASE("fifteen idle connections on a 4-session server do not keep the page from being served") {
    Bench b({.name = "test", .max_sessions = 4});
    std::vector<asio::ip::tcp::socket> idle;
    for (int i = 0; i < 15; ++i) idle.push_back(b.idleConnection(i % 2 ? "GET /ok HTTP/1.1\r\nHost: 1" : ""));
    const auto page = b.fetch(bhttp::verb::get, "/ok");
    REQUIRE(page.has_value());
    CHECK(page->result() == bhttp::status::ok);
    CHECK(closedByServer(b, idle.front(), std::chrono::milliseconds(2000)));  // the oldest gave way
}

TEST_CASE("a connection that never finishes its header is closed after header_timeout") {
    Bench b({.name = "test", .header_timeout = std::chrono::seconds(1)});
    auto slow = b.idleConnection("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // no blank line: never done
    const auto started = std::chrono::steady_clock::now();
    CHECK(closedByServer(b, slow, std::chrono::milliseconds(4000)));
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
    CHECK(b.fetch(bhttp::verb::get, "/ok")->result() == bhttp::status::ok);
}

TEST_CASE("a request whose body stalls is closed after body_timeout") {
    Bench b({.name = "test", .body_timeout = std::chrono::seconds(1)});
    auto stalled = b.idleConnection(
        "POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        "10\r\n\r\n{");
    const auto started = std::chrono::steady_clock::now();
    CHECK(closedByServer(b, stalled, std::chrono::milliseconds(4000)));
    CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(900));
}

TEST_CASE("sixteen stalled bodies on a 16-session server give way to the page at once") {
    Bench b({.name = "test", .max_sessions = 16});
    std::vector<asio::ip::tcp::socket> stalled;
    for (int i = 0; i < 16; ++i) {
        stalled.push_back(
            b.idleConnection("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                             "application/json\r\nContent-Length: 9\r\n\r\n"));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto page = b.fetch(bhttp::verb::get, "/ok");
    REQUIRE(page.has_value());
    CHECK(page->result() == bhttp::status::ok);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1000));
    CHECK(closedByServer(b, stalled.front(), std::chrono::milliseconds(2000)));  // the oldest gave way
}

TEST_CASE("streams have their own pool: past max_streams the newest replaces the oldest, pages still load") {
    Bench b({.name = "test", .max_sessions = 4, .max_streams = 4});
    std::vector<asio::ip::tcp::socket> streams;
    for (int i = 0; i < 8; ++i)
        streams.push_back(b.idleConnection("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    REQUIRE(b.runUntil([&] { return b.open_streams == 4; }));
    // The four oldest gave way, in order; the screen's stream, opened last, is served.
    for (int i = 0; i < 4; ++i)
        CHECK(closedByServer(b, streams[static_cast<std::size_t>(i)], std::chrono::milliseconds(2000)));
    auto screen = b.idleConnection("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    CHECK(closedByServer(b, streams[4], std::chrono::milliseconds(2000)));
    CHECK(b.runUntil([&] { return b.open_streams == 4; }));
    // Four open streams take none of the four request sessions.
    CHECK(b.fetch(bhttp::verb::get, "/ok")->result() == bhttp::status::ok);
}

TEST_CASE("a guarded listener refuses a foreign Host before routing and hangs up") {
    Bench b({.name = "test", .guard_requests = true});
    const auto refused =
        b.fetchWith(bhttp::verb::get, "/ok", "evil.example:" + std::to_string(b.server->port()));
    REQUIRE(refused.has_value());
    CHECK(refused->result() == bhttp::status::misdirected_request);
    CHECK_FALSE(refused->keep_alive());
    CHECK(b.fetchWith(bhttp::verb::get, "/ok", "127.0.0.1:" + std::to_string(b.server->port()))->result() ==
          bhttp::status::ok);
}

TEST_CASE("a host's idle connections give way to its next request; max_per_client busy ones are its limit") {
    Bench b({.name = "test", .max_sessions = 32, .max_per_client = 4});
    std::vector<asio::ip::tcp::socket> idle;
    for (int i = 0; i < 4; ++i) idle.push_back(b.idleConnection("", "127.0.0.2"));
    const auto page = b.fetchWith(bhttp::verb::get, "/ok", "127.0.0.1", "127.0.0.2");
    REQUIRE(page.has_value());
    CHECK(page->result() == bhttp::status::ok);
    CHECK(closedByServer(b, idle.front(), std::chrono::milliseconds(2000)));  // its oldest idle one gave way
    idle.clear();
    // Four requests still being answered are the host's limit: its fifth connection is closed, another
    // host is served.
    std::vector<asio::ip::tcp::socket> busy;
    for (int i = 0; i < 4; ++i)
        busy.push_back(b.idleConnection("GET /hold HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "127.0.0.2"));
    REQUIRE(b.runUntil([&] { return b.holding == 4; }));
    auto fifth = b.idleConnection("", "127.0.0.2");
    CHECK(closedByServer(b, fifth, std::chrono::milliseconds(2000)));
    const auto other = b.fetchWith(bhttp::verb::get, "/ok", "127.0.0.1", "127.0.0.3");
    REQUIRE(other.has_value());
    CHECK(other->result() == bhttp::status::ok);
    b.release.cancel();
    CHECK(b.runUntil([&] { return b.holding == 0; }));
}
