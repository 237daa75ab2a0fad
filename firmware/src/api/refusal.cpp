// The refusal with the category's next opening.
#include "api/internal/refusal.hpp"

#include <boost/json/object.hpp>

#include "api/errors.hpp"
#include "catalog/schedule.hpp"
#include "ticket/errors.hpp"

namespace yici::api {

namespace json = boost::json;

http::Response refusal(const catalog::HallCatalog& hall, TimePoint now, const http::Request& request,
                       const Error& error, std::string_view service_id) {
    if (error.code != ticket::Errc::category_closed) return errorResponse(request, error.code);
    const catalog::Category* category = hall.category(service_id);
    if (const catalog::Service* service = hall.service(service_id))
        category = hall.category(service->category);
    json::object extra;
    if (category != nullptr) {
        const auto open = catalog::availability(hall, *category, now);
        extra["next_open"] =
            open.next_open ? json::value(toLocal(*open.next_open).iso8601()) : json::value(nullptr);
    }
    return errorResponse(request, error.code, std::move(extra));
}

}  // namespace yici::api
