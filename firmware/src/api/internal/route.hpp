// How every API route is registered: it calls its handleX(api, request) (or handleX(api, path parameter,
// request)) and holds no logic of its own, so each route is unit-tested through its handler.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

#include "http/router.hpp"

namespace yici::api {

template <class Api>
using SyncHandler = http::Response (*)(const Api&, const http::Request&);
template <class Api>
using AsyncHandler = boost::asio::awaitable<http::Response> (*)(const Api&, const http::Request&);
template <class Api>
using PathHandler = boost::asio::awaitable<http::Response> (*)(const Api&, std::string, const http::Request&);

// `api` must outlive the router.
template <class Api>
void addRoute(http::Router& router, http::beast_http::verb method, std::string path, const Api& api,
              SyncHandler<Api> handler) {
    router.add(method, std::move(path),
               [&api, handler](const http::Request& r) -> boost::asio::awaitable<http::Response> {
                   co_return handler(api, r);
               });
}

template <class Api>
void addRoute(http::Router& router, http::beast_http::verb method, std::string path, const Api& api,
              AsyncHandler<Api> handler) {
    router.add(method, std::move(path), [&api, handler](const http::Request& r) { return handler(api, r); });
}

// A pattern with one <str> parameter, handed to the handler.
template <class Api>
void addRoute(http::Router& router, http::beast_http::verb method, std::string_view pattern, const Api& api,
              PathHandler<Api> handler) {
    router.add(method, pattern, [&api, handler](const http::Request& r, const http::PathParams& p) {
        return handler(api, p.at(0), r);
    });
}

}  // namespace yici::api
