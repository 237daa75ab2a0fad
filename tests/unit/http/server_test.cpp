// The HTTP server over a real loopback socket: a handler that throws costs only its own connection, and a
// path asked with the wrong method says which methods it has.
#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <stdexcept>

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

    Bench() {
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
        server.emplace(io.get_executor(), router, http::ServerOptions{.name = "test"});
        REQUIRE(server->listen(base::ListenAddress{.host = "127.0.0.1", .port = 0}).has_value());
    }

    // One request on a fresh connection; nullopt when the server dropped the connection instead of answering.
    std::optional<http::Response> fetch(bhttp::verb method, std::string target) {
        std::optional<http::Response> answer;
        auto client = [&]() -> asio::awaitable<void> {
            beast::tcp_stream stream(io.get_executor());
            const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server->port());
            co_await stream.async_connect(endpoint, asio::use_awaitable);
            http::Request request(method, target, 11);
            request.set(bhttp::field::host, "127.0.0.1");
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
};

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
