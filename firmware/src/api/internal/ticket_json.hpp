// A ticket as every API answer shows it (tickets, registrations, window calls, priority confirmations).
#pragma once

#include <boost/json/object.hpp>

#include "catalog/hall_catalog.hpp"
#include "store/ticket_store.hpp"

namespace yici::api {

// The documented fields plus the wait range, priority and call state; `category` gives the windows (none
// without it).
boost::json::object ticketJson(const store::Ticket& ticket, const catalog::Category* category);

}  // namespace yici::api
