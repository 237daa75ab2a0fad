// The technician screen's API on the UI listener (loopback only): staff card and PIN login, the kiosk's state
// with the technical details the citizen screen never shows, a test print, and the confirmation of a
// citizen's priority claim by the staff member logged in. No personal data.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "api/status_api.hpp"
#include "api/technician_auth.hpp"
#include "api/window_api.hpp"
#include "base/local_time.hpp"
#include "hall/device_reporter.hpp"
#include "http/server.hpp"
#include "store/pin_attempts_store.hpp"
#include "ticket/ticket_service.hpp"

namespace yici::api {

struct TechnicianApi {
    boost::asio::any_io_executor store_executor;  // the back-off's state is read and written there
    boost::asio::any_io_executor check_executor;  // PINs are checked there (argon2id), off the Asio thread
    store::PinAttemptStore& attempts;
    TechnicianAuth& auth;
    const StatusApi& status;  // kiosk id, version, uptime, devices and outbox, as /health has them
    const hall::DeviceReporter& devices;  // the recent faults
    ticket::TicketService& tickets;
    const Clock& clock;
    const WindowApi& desk;               // confirms priority claims, as the desk's call does
    ticket::PaperRoll* paper = nullptr;  // the counted paper roll; null: not counted
};

// POST /api/v1/technician/login, GET /api/v1/technician/status, POST /api/v1/technician/test-print,
// POST /api/v1/technician/tickets/<str>/confirm-priority, POST /api/v1/technician/tickets/<str>/reprint,
// POST /api/v1/technician/printer/new-roll, DELETE /api/v1/technician/session. All but login need
// "Authorization: Bearer <token>".
void addTechnicianRoutes(http::Router& router, const TechnicianApi& api);

boost::asio::awaitable<http::Response> handleTechnicianLoginPost(const TechnicianApi& api,
                                                                 const http::Request& request);
// All but the login answer 401 technician_login_required without the login's token.
http::Response handleTechnicianStatusGet(const TechnicianApi& api, const http::Request& request);
boost::asio::awaitable<http::Response> handleTestPrintPost(const TechnicianApi& api,
                                                           const http::Request& request);
http::Response handleTechnicianLogout(const TechnicianApi& api, const http::Request& request);
// The staff member logged in confirms today's ticket `number`'s claimed priority, audited under the staff id
// of their card (a PIN login without a staff card cannot).
boost::asio::awaitable<http::Response> handleTechnicianConfirmPriorityPost(const TechnicianApi& api,
                                                                           std::string number,
                                                                           const http::Request& request);
// Reprints today's ticket `number` (补打), as reprintAs() answers.
boost::asio::awaitable<http::Response> handleTechnicianReprintPost(const TechnicianApi& api,
                                                                   std::string number,
                                                                   const http::Request& request);
// A new paper roll, as newRollAs() answers.
boost::asio::awaitable<http::Response> handleTechnicianNewRollPost(const TechnicianApi& api,
                                                                   const http::Request& request);

}  // namespace yici::api
