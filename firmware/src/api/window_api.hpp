// The window-call API for a hall without a server: a window calls the next ticket and reports it done,
// which is how the kiosk learns real service times. On the UI listener (loopback only).
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "http/server.hpp"
#include "store/queue_store.hpp"

namespace yici::api {

struct WindowApi {
    boost::asio::any_io_executor store_executor;
    store::QueueStore* queue = nullptr;
    const catalog::HallCatalog* hall = nullptr;
    const Clock* clock = nullptr;
};

// POST /api/v1/windows/{number}/call-next and /complete, one literal route per window of the hall.
void addWindowRoutes(http::Router& router, const WindowApi& api);

boost::asio::awaitable<http::Response> handleCallNext(const WindowApi& api, const catalog::Category& category,
                                                      std::string window, const http::Request& request);
boost::asio::awaitable<http::Response> handleComplete(const WindowApi& api, const catalog::Category& category,
                                                      std::string window, const http::Request& request);

}  // namespace yici::api
