// The window-call API for a hall without a server: a window calls the next ticket and reports it done,
// which is how the kiosk learns real service times. The hall's counter terminals call it on the status
// listener, behind the hall's bearer token: a process on the kiosk cannot reorder the queue through the
// citizen listener.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <string>

#include "api/status_api.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "http/server.hpp"
#include "store/queue_store.hpp"

namespace yici::api {

struct WindowApi {
    boost::asio::any_io_executor store_executor;
    store::QueueStore& queue;
    const catalog::HallCatalog& hall;
    const Clock& clock;
    const StatusApi& status;  // its token guards the calls
};

// POST /api/v1/windows/<str>/call-next and /complete: the window's number, looked up in the hall catalog
// (a window no category lists is 404 not_found); POST /api/v1/tickets/<str>/confirm-priority with
// {"staff": ID}: staff at the pre-registration desk confirm today's ticket's claimed priority. Without the
// status token: 401.
void addWindowRoutes(http::Router& router, const WindowApi& api);

// Each checks the token first (401 without it).
boost::asio::awaitable<http::Response> handleCallNext(const WindowApi& api, std::string window,
                                                      const http::Request& request);
boost::asio::awaitable<http::Response> handleComplete(const WindowApi& api, std::string window,
                                                      const http::Request& request);
boost::asio::awaitable<http::Response> handleConfirmPriority(const WindowApi& api, std::string number,
                                                             const http::Request& request);
// Confirms today's ticket `number`'s claimed priority as `staff` (audited, and told to the hall): where the
// desk's call and the technician screen's (api/technician_api.hpp) both end.
boost::asio::awaitable<http::Response> confirmPriorityAs(const WindowApi& api, std::string number,
                                                         std::string staff, const http::Request& request);

}  // namespace yici::api
