// The catalog as the citizen screen reads it: queues from the store thread, opening hours from the calendar.
#include "api/catalog_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value_from.hpp>
#include <boost/url/parse.hpp>

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <vector>

#include "api/errors.hpp"
#include "api/internal/route.hpp"
#include "api/ratings_api.hpp"
#include "api/ui_events.hpp"
#include "base/async.hpp"
#include "catalog/schedule.hpp"
#include "catalog/search.hpp"
#include "queue/queue_rules.hpp"

namespace yici::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

void addCatalogRoutes(http::Router& router, const CatalogApi& api) {
    addRoute(router, verb::get, "/api/v1/catalog", api, handleCatalogGet);
    addRoute(router, verb::get, "/api/v1/catalog/search", api, handleSearchGet);
}

asio::awaitable<http::Response> handleCatalogGet(const CatalogApi& api, const http::Request& request) {
    const TimePoint now = api.clock.now();
    const std::string day = toLocal(now).date();
    auto snapshots = [&api, day]() -> Expected<std::map<std::string, store::QueueSnapshot>> {
        std::map<std::string, store::QueueSnapshot> out;
        for (const auto& category : api.hall.categories) {
            auto s = api.store.snapshot(day, category.id, api.hall.normal_per_priority,
                                        category.avg_service_min * 60.0);
            if (!s) return std::unexpected(s.error());
            out[category.id] = *s;
        }
        return out;
    };
    auto queues = co_await offload(api.store_executor, std::move(snapshots));
    if (!queues) co_return errorResponse(request, queues.error().code);

    json::array categories;
    for (const auto& c : api.hall.categories) {
        const auto open = catalog::availability(api.hall, c, now);
        const store::QueueSnapshot& queue = (*queues)[c.id];
        const int ahead = queue::ticketsAhead(queue.state, false, api.hall.normal_per_priority);
        const auto wait =
            queue::estimateWait(ahead, queue.service_s, catalog::servingWindows(api.hall, c, now));
        json::object o;
        o["id"] = c.id;
        o["letter"] = std::string(1, c.letter);
        o["name_zh"] = c.name_zh;
        o["name_en"] = c.name_en;
        o["location_zh"] = c.location_zh;
        o["location_en"] = c.location_en;
        o["windows"] = json::value_from(c.windows);
        o["issuing"] = open.issuing;
        o["next_open"] =
            open.next_open ? json::value(toLocal(*open.next_open).iso8601()) : json::value(nullptr);
        o["waiting"] = queue.state.normal_waiting + queue.state.priority_waiting;
        o["est_wait_min"] = wait.minutes;
        o["est_wait_range"] = json::array{wait.low_min, wait.high_min};
        categories.push_back(std::move(o));
    }
    json::array services;
    for (const auto& s : api.hall.services) {
        json::object o;
        o["id"] = s.id;
        o["category"] = s.category;
        o["name_zh"] = s.name_zh;
        o["name_en"] = s.name_en;
        o["materials"] = json::value_from(s.materials);
        o["fields"] = json::value_from(s.fields);
        o["no_card_ok"] = s.no_card_ok;
        o["face_check"] = s.face_check;
        const catalog::Category* c = api.hall.category(s.category);
        o["issuing"] = c != nullptr && catalog::availability(api.hall, *c, now).issuing;
        services.push_back(std::move(o));
    }
    json::object materials;
    for (const auto& [id, m] : api.hall.materials) {
        json::object o;
        o["name_zh"] = m.name_zh;
        o["name_en"] = m.name_en;
        o["hall_can_copy"] = m.hall_can_copy;
        o["card_proves"] = m.card_proves;
        o["where_zh"] = m.where_zh;
        o["where_en"] = m.where_en;
        materials[id] = std::move(o);
    }
    json::object fields;
    for (const auto& [id, f] : api.hall.fields) {
        fields[id] = json::object{{"name_zh", f.name_zh},
                                  {"name_en", f.name_en},
                                  {"kind", f.kind == catalog::Field::Kind::digits ? "digits" : "text"},
                                  {"min_length", f.min_length},
                                  {"max_length", f.max_length}};
    }
    // The coming seven days (today first) and each window's hours on each: the hall information screen.
    std::vector<LocalTime> week;
    json::array days;
    for (int i = 0; i < 7; ++i) {
        const LocalTime local = toLocal(now + std::chrono::hours(24 * i));
        const std::string date = local.date();
        const char* kind = api.hall.holidays.contains(date)   ? "holiday"
                           : api.hall.workdays.contains(date) ? "makeup_workday"
                           : local.weekday >= 5               ? "weekend"
                                                              : "weekday";
        days.push_back(json::object{{"date", date}, {"weekday", local.weekday}, {"kind", kind}});
        week.push_back(local);
    }
    json::array windows;
    for (const auto& c : api.hall.categories) {
        for (const auto& w : c.windows) {
            json::array hours;
            for (const LocalTime& local : week) {
                json::array ranges;
                for (const catalog::TimeRange& r : catalog::hoursOn(api.hall, c.hoursOf(w), local)) {
                    ranges.emplace_back(fmt::format("{:02}:{:02}-{:02}:{:02}", r.start_min / 60,
                                                    r.start_min % 60, r.end_min / 60, r.end_min % 60));
                }
                hours.push_back(std::move(ranges));
            }
            windows.push_back(json::object{{"number", w}, {"category", c.id}, {"hours", std::move(hours)}});
        }
    }
    json::object body;
    body["hall"] = json::object{{"name_zh", api.hall.name_zh},
                                {"name_en", api.hall.name_en},
                                {"service_phone", api.hall.service_phone}};
    body["kiosk_id"] = api.kiosk_id;
    body["now"] = toLocal(now).iso8601();
    body["categories"] = std::move(categories);
    body["services"] = std::move(services);
    body["materials"] = std::move(materials);
    body["fields"] = std::move(fields);
    body["days"] = std::move(days);
    body["windows"] = std::move(windows);
    body["normal_per_priority"] = api.hall.normal_per_priority;
    body["rating_reasons"] = ratingReasons();
    body["idle_timeout_s"] = api.idle_timeout_s;
    body["technician"] = api.technician.enabled();
    json::array devices;
    for (const auto& d : api.devices) devices.push_back(deviceJson(d.name, d.health()));
    body["devices"] = std::move(devices);
    co_return http::jsonResponse(request, status::ok, body);
}

http::Response handleSearchGet(const CatalogApi& api, const http::Request& request) {
    auto target = boost::urls::parse_origin_form(request.target());
    if (!target) return errorResponse(request, base::Errc::bad_request);
    std::string query;
    if (auto it = target->params().find("q"); it != target->params().end()) query = (*it).value;
    const TimePoint now = api.clock.now();
    json::array services;
    for (const catalog::Service* s : catalog::searchServices(api.hall, query)) {
        const catalog::Category* c = api.hall.category(s->category);
        services.push_back(
            json::object{{"id", s->id},
                         {"category", s->category},
                         {"name_zh", s->name_zh},
                         {"name_en", s->name_en},
                         {"initials", s->initials},
                         {"no_card_ok", s->no_card_ok},
                         {"issuing", c != nullptr && catalog::availability(api.hall, *c, now).issuing}});
    }
    return http::jsonResponse(request, status::ok,
                              json::object{{"query", query}, {"services", std::move(services)}});
}

}  // namespace yici::api
