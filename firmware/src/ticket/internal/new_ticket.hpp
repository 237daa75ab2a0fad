// What a ticket request becomes before it is numbered: the local day, the windows, the issue time.
#pragma once

#include <string>

#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"
#include "store/ticket_store.hpp"

namespace yici::ticket {

// The day (and so the numbering) follows the kiosk's local midnight, not UTC.
store::NewTicket newTicket(const catalog::HallCatalog& hall, const catalog::Category& category,
                           std::string service_id, queue::Priority priority, TimePoint now,
                           std::string idempotency_key);

std::string joinWindows(const catalog::Category& category);  // "1/2/3"

}  // namespace yici::ticket
