// GET /api/v1/catalog (the hall, its categories with their queues, services, materials, fields, windows and
// the devices as citizens see them) and GET /api/v1/catalog/search?q= on the UI listener.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <string>
#include <vector>

#include "api/technician_auth.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "health/device_health.hpp"
#include "http/router.hpp"
#include "store/ticket_store.hpp"

namespace yici::api {

struct CatalogApi {
    boost::asio::any_io_executor store_executor;  // the queue snapshots are read there
    store::TicketStore& store;
    const catalog::HallCatalog& hall;
    const Clock& clock;
    std::string kiosk_id;
    int idle_timeout_s = 60;                                 // [ui] idle_timeout_s
    const TechnicianAuth& technician;                        // whether a PIN is configured
    const std::vector<health::DeviceHealthSource>& devices;  // the status listener's devices
};

void addCatalogRoutes(http::Router& router, const CatalogApi& api);

boost::asio::awaitable<http::Response> handleCatalogGet(const CatalogApi& api, const http::Request& request);
// The services whose name or initials match `q`, with whether their category issues now.
http::Response handleSearchGet(const CatalogApi& api, const http::Request& request);

}  // namespace yici::api
