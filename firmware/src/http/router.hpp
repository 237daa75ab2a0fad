// The HTTP router: literal paths and patterns with named segments (`/api/v1/windows/<str>/call-next`), one
// handler per method and path, a 405 with Allow for a known path asked with another method.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yici::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;
using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;
// What a pattern's `<str>` segments captured, in order: `/api/v1/windows/<str>/call-next` on
// `/api/v1/windows/4/call-next` gives {"4"}.
using PathParams = std::vector<std::string>;
using ParamHandler = std::function<boost::asio::awaitable<Response>(const Request&, const PathParams&)>;
// A long-lived response (server-sent events) that writes straight to the connection until it ends.
using StreamHandler = std::function<boost::asio::awaitable<void>(boost::beast::tcp_stream&, const Request&)>;

class Router {
  public:
    // A literal path ("/api/v1/tickets").
    void add(beast_http::verb method, std::string path, Handler handler);
    // A pattern: each segment is literal or `<str>`, which matches one non-empty segment, percent-decoded and
    // without a '/'. A literal route for the same method and path wins; of two patterns, the one with a
    // literal segment where the other has `<str>` (first such segment from the left) wins.
    void add(beast_http::verb method, std::string_view pattern, ParamHandler handler);
    // Every request under `prefix` ("/api/") that matches no route, whatever its method.
    void addPrefix(std::string prefix, Handler handler) {
        prefixes_.emplace_back(std::move(prefix), std::move(handler));
    }
    // A fallback for GETs that match no route (static files).
    void fallback(Handler handler) { fallback_ = std::move(handler); }
    void addStream(std::string path, StreamHandler handler) {
        streams_.insert_or_assign(std::move(path), std::move(handler));
    }
    boost::asio::awaitable<Response> dispatch(const Request& request) const;
    // The stream handler for a GET of a stream path, or null.
    const StreamHandler* stream(const Request& request) const;

  private:
    struct Segment {
        std::string literal;  // empty: `<str>`
    };
    struct Pattern {
        beast_http::verb method;
        std::vector<Segment> segments;
        ParamHandler handler;
    };
    // The pattern of `method` that matches `segments` and wins over the others that do, or null.
    const Pattern* match(beast_http::verb method, const std::vector<std::string>& segments) const;
    // The methods `path` has, literal routes and patterns together, for a 405's Allow header; empty if none.
    std::string allowed(const std::string& path, const std::vector<std::string>& segments) const;

    std::map<std::string, StreamHandler> streams_;
    std::map<std::pair<beast_http::verb, std::string>, Handler> routes_;
    std::vector<Pattern> patterns_;
    Handler fallback_;
    std::vector<std::pair<std::string, Handler>> prefixes_;
};

// The path of a request target without its query, percent-decoded; empty when the target is not origin-form.
std::string requestPath(const Request& request);

}  // namespace yici::http
