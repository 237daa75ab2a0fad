// Builds the numbering request for a category at a given instant.
#include "ticket/internal/new_ticket.hpp"

#include <chrono>

#include "catalog/schedule.hpp"

namespace yici::ticket {

std::string joinWindows(const catalog::Category& category) {
    std::string out;
    for (const auto& w : category.windows) {
        if (!out.empty()) out += '/';
        out += w;
    }
    return out;
}

store::NewTicket newTicket(const catalog::HallCatalog& hall, const catalog::Category& category,
                           std::string service_id, queue::Priority priority, TimePoint now,
                           std::string idempotency_key) {
    const LocalTime local = toLocal(now);
    store::NewTicket t;
    t.day = local.date();
    t.compact_day = local.compactDate();
    t.letter = category.letter;
    t.category = category.id;
    t.service_id = std::move(service_id);
    t.priority = priority;
    t.windows = joinWindows(category);
    t.issued_at = local.iso8601();
    t.issued_at_unix = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    t.seed_service_s = category.avg_service_min * 60.0;
    t.serving_windows = catalog::servingWindows(hall, category, now);
    t.normal_per_priority = hall.normal_per_priority;
    t.idempotency_key = std::move(idempotency_key);
    return t;
}

}  // namespace yici::ticket
