// Route matching: the literal route of the method and path, else the best pattern, else 405, fallback or 404.
#include "http/router.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cassert>
#include <optional>
#include <set>

#include "http/errors.hpp"

namespace yici::http {
namespace {

namespace asio = boost::asio;

constexpr std::string_view param_segment = "<str>";

// The decoded segments of an origin-form target's path ("/a/b%2Fc" → {"a", "b/c"}); nullopt when it is not
// one.
std::optional<std::vector<std::string>> pathSegments(const Request& request) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target) return std::nullopt;
    std::vector<std::string> segments;
    for (std::string segment : target->segments()) segments.push_back(std::move(segment));
    return segments;
}

}  // namespace

std::string requestPath(const Request& request) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target) return {};
    return std::string(target->path());
}

void Router::add(beast_http::verb method, std::string path, Handler handler) {
    assert(path.find('<') == std::string::npos && "a pattern needs a handler taking PathParams");
    routes_.insert_or_assign({method, std::move(path)}, std::move(handler));
}

void Router::add(beast_http::verb method, std::string_view pattern, ParamHandler handler) {
    assert(pattern.starts_with('/'));
    std::vector<Segment> segments;
    for (std::size_t begin = 1;;) {
        const std::size_t end = std::min(pattern.find('/', begin), pattern.size());
        const std::string_view segment = pattern.substr(begin, end - begin);
        assert(!segment.empty() && (segment == param_segment || segment.find('<') == std::string_view::npos));
        segments.push_back(Segment{segment == param_segment ? std::string() : std::string(segment)});
        if (end == pattern.size()) break;
        begin = end + 1;
    }
    const auto same = [&](const Pattern& p) {
        return p.method == method &&
               std::equal(p.segments.begin(), p.segments.end(), segments.begin(), segments.end(),
                          [](const Segment& a, const Segment& b) { return a.literal == b.literal; });
    };
    std::erase_if(patterns_, same);  // registered again: the new handler replaces the old, as for literals
    patterns_.push_back(Pattern{method, std::move(segments), std::move(handler)});
}

const StreamHandler* Router::stream(const Request& request) const {
    if (request.method() != beast_http::verb::get) return nullptr;
    auto it = streams_.find(requestPath(request));
    return it == streams_.end() ? nullptr : &it->second;
}

const Router::Pattern* Router::match(beast_http::verb method,
                                     const std::vector<std::string>& segments) const {
    const auto fits = [&](const Pattern& p) {
        if (p.method != method || p.segments.size() != segments.size()) return false;
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const std::string& literal = p.segments[i].literal;
            const bool ok = literal.empty()
                                ? !segments[i].empty() && segments[i].find('/') == std::string::npos
                                : literal == segments[i];
            if (!ok) return false;
        }
        return true;
    };
    // At the first segment where one has a literal and the other `<str>`, the literal wins.
    const auto beats = [](const Pattern& a, const Pattern& b) {
        for (std::size_t i = 0; i < a.segments.size(); ++i) {
            const bool a_param = a.segments[i].literal.empty();
            const bool b_param = b.segments[i].literal.empty();
            if (a_param != b_param) return b_param;
        }
        return false;
    };
    const Pattern* best = nullptr;
    for (const Pattern& p : patterns_) {
        if (fits(p) && (best == nullptr || beats(p, *best))) best = &p;
    }
    return best;
}

std::string Router::allowed(const std::string& path, const std::vector<std::string>& segments) const {
    std::set<beast_http::verb> methods;
    for (const auto& [route, handler] : routes_) {
        if (route.second == path) methods.insert(route.first);
    }
    for (const Pattern& p : patterns_) {
        if (!methods.contains(p.method) && match(p.method, segments) != nullptr) methods.insert(p.method);
    }
    std::string allow;
    for (const beast_http::verb method : methods) {
        if (!allow.empty()) allow += ", ";
        allow += std::string(beast_http::to_string(method));
    }
    return allow;
}

asio::awaitable<Response> Router::dispatch(const Request& request) const {
    const std::string path = requestPath(request);
    const auto segments = pathSegments(request);
    if (path.empty() || !segments) co_return errorResponse(request, bad_request);
    if (auto it = routes_.find({request.method(), path}); it != routes_.end())
        co_return co_await it->second(request);
    if (const Pattern* pattern = match(request.method(), *segments)) {
        PathParams params;
        for (std::size_t i = 0; i < segments->size(); ++i) {
            if (pattern->segments[i].literal.empty()) params.push_back((*segments)[i]);
        }
        co_return co_await pattern->handler(request, params);
    }
    for (const auto& [prefix, handler] : prefixes_) {
        if (path.starts_with(prefix)) co_return co_await handler(request);
    }
    // The methods this path has, for a 405's Allow header (RFC 9110, 15.5.6).
    if (const std::string allow = allowed(path, *segments); !allow.empty()) {
        Response refused = errorResponse(request, method_not_allowed);
        refused.set(beast_http::field::allow, allow);
        co_return refused;
    }
    if (fallback_ &&
        (request.method() == beast_http::verb::get || request.method() == beast_http::verb::head)) {
        co_return co_await fallback_(request);
    }
    co_return errorResponse(request, not_found);
}

}  // namespace yici::http
