// Citizen API handlers: parse with non-throwing calls, answer with the documented shapes.
#include "api/citizen_api.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <map>

#include "api/errors.hpp"
#include "api/prereg_api.hpp"
#include "api/prereg_requests.hpp"
#include "api/session_view.hpp"
#include "api/technician_auth.hpp"
#include "base/async.hpp"
#include "base/error.hpp"
#include "catalog/schedule.hpp"
#include "queue/priority.hpp"
#include "ticket/errors.hpp"

namespace yici::api {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using http::beast_http::status;
using http::beast_http::verb;

}  // namespace

json::object deviceJson(std::string_view device, const hal::Health& health) {
    // The table's device texts name the device ("取号机打印机…"): another device's "driver_unavailable"
    // (the camera's) must not tell citizens the printer is missing.
    const bool about_device =
        device == "printer" || health.code.name().starts_with(std::string(device) + "_");
    const std::optional<CitizenMessage> m = health.level == hal::HealthLevel::ok || !about_device
                                                ? std::nullopt
                                                : findCitizenMessage(health.code);
    return json::object{{"device", device},
                        {"health", hal::levelName(health.level)},
                        {"code", health.code.name()},
                        {"message_zh", m ? m->zh : ""},
                        {"message_en", m ? m->en : ""}};
}

json::object ticketJson(const store::Ticket& t, const catalog::Category* category) {
    json::object o;
    o["id"] = t.id;
    o["number"] = t.number;
    o["service_id"] = t.service_id;
    o["category"] = t.category;
    o["window"] = t.windows;
    o["windows"] = category != nullptr ? json::value_from(category->windows) : json::value(json::array{});
    o["issued_at"] = t.issued_at;
    o["waiting_ahead"] = t.waiting_ahead;
    o["est_wait_min"] = t.est_wait_min;
    o["est_wait_range"] = json::array{t.est_wait_low_min, t.est_wait_high_min};
    o["priority"] = queue::priorityName(t.priority);
    if (const queue::Wording wording = queue::priorityWording(t.priority); !wording.zh.empty()) {
        o["priority_wording"] = json::object{{"zh", wording.zh}, {"en", wording.en}};
    } else {
        o["priority_wording"] = nullptr;
    }
    o["priority_claim"] = t.priority_claim;
    o["registration_id"] = t.registration_id.empty() ? json::value(nullptr) : json::value(t.registration_id);
    o["called_window"] = t.called_window.empty() ? json::value(nullptr) : json::value(t.called_window);
    o["offline"] = t.offline;
    o["status"] = store::statusName(t.status);
    o["print_outcome"] = t.print_outcome.empty() ? json::value(nullptr) : json::value(t.print_outcome);
    return o;
}

namespace {

bool validKey(std::string_view key) {
    return !key.empty() && key.size() <= 128 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

}  // namespace

void addCitizenRoutes(http::Router& router, const CitizenApi& api) {
    router.add(verb::get, "/api/v1/catalog",
               [&api](const http::Request& r) { return handleCatalogGet(api, r); });
    router.add(verb::post, "/api/v1/tickets",
               [&api](const http::Request& r) { return handleTicketsPost(api, r); });
    router.add(verb::get, "/api/v1/session",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handleSessionGet(api, r);
               });
    router.add(verb::post, "/api/v1/session/touch",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handleTouchPost(api, r);
               });
    router.add(verb::delete_, "/api/v1/session",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handleSessionDelete(api, r);
               });
    router.add(verb::post, "/api/v1/session/elder-mode",
               [&api](const http::Request& r) -> asio::awaitable<http::Response> {
                   co_return handleElderModePost(api, r);
               });
    router.addStream("/api/v1/events", [&api](boost::beast::tcp_stream& stream, const http::Request& r) {
        return api.events->serve(stream, r);
    });
}

http::Response handleTouchPost(const CitizenApi& api, const http::Request& request) {
    api.sessions->touch();
    return http::noContent(request);
}

asio::awaitable<http::Response> handleCatalogGet(const CitizenApi& api, const http::Request& request) {
    const TimePoint now = api.clock->now();
    const std::string day = toLocal(now).date();
    auto snapshots = [&api, day]() -> Expected<std::map<std::string, store::QueueSnapshot>> {
        std::map<std::string, store::QueueSnapshot> out;
        for (const auto& category : api.hall->categories) {
            auto s = api.store->snapshot(day, category.id, api.hall->normal_per_priority,
                                         category.avg_service_min * 60.0);
            if (!s) return std::unexpected(s.error());
            out[category.id] = *s;
        }
        return out;
    };
    auto queues = co_await offload(api.store_executor, std::move(snapshots));
    if (!queues) co_return errorResponse(request, queues.error().code);

    json::array categories;
    for (const auto& c : api.hall->categories) {
        const auto open = catalog::availability(*api.hall, c, now);
        const store::QueueSnapshot& queue = (*queues)[c.id];
        const int ahead = queue::ticketsAhead(queue.state, false, api.hall->normal_per_priority);
        const auto wait =
            queue::estimateWait(ahead, queue.service_s, catalog::servingWindows(*api.hall, c, now));
        json::object o;
        o["id"] = c.id;
        o["letter"] = std::string(1, c.letter);
        o["name_zh"] = c.name_zh;
        o["name_en"] = c.name_en;
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
    for (const auto& s : api.hall->services) {
        json::object o;
        o["id"] = s.id;
        o["category"] = s.category;
        o["name_zh"] = s.name_zh;
        o["name_en"] = s.name_en;
        o["materials"] = json::value_from(s.materials);
        o["fields"] = json::value_from(s.fields);
        o["no_card_ok"] = s.no_card_ok;
        o["face_check"] = s.face_check;
        const catalog::Category* c = api.hall->category(s.category);
        o["issuing"] = c != nullptr && catalog::availability(*api.hall, *c, now).issuing;
        services.push_back(std::move(o));
    }
    json::object materials;
    for (const auto& [id, m] : api.hall->materials) {
        json::object o;
        o["name_zh"] = m.name_zh;
        o["name_en"] = m.name_en;
        o["hall_can_copy"] = m.hall_can_copy;
        o["where_zh"] = m.where_zh;
        o["where_en"] = m.where_en;
        materials[id] = std::move(o);
    }
    json::object fields;
    for (const auto& [id, f] : api.hall->fields) {
        fields[id] = json::object{{"name_zh", f.name_zh},
                                  {"name_en", f.name_en},
                                  {"kind", f.kind == catalog::Field::Kind::digits ? "digits" : "text"},
                                  {"min_length", f.min_length},
                                  {"max_length", f.max_length}};
    }
    json::array windows;
    for (const auto& c : api.hall->categories) {
        for (const auto& w : c.windows) windows.push_back(json::object{{"number", w}, {"category", c.id}});
    }
    json::object body;
    body["hall"] = json::object{{"name_zh", api.hall->name_zh}, {"name_en", api.hall->name_en}};
    body["kiosk_id"] = api.kiosk_id;
    body["now"] = toLocal(now).iso8601();
    body["categories"] = std::move(categories);
    body["services"] = std::move(services);
    body["materials"] = std::move(materials);
    body["fields"] = std::move(fields);
    body["windows"] = std::move(windows);
    body["normal_per_priority"] = api.hall->normal_per_priority;
    body["rating_reasons"] = ratingReasons();
    body["idle_timeout_s"] = api.idle_timeout_s;
    body["technician"] = api.technician != nullptr && api.technician->enabled();
    json::array devices;
    if (api.devices != nullptr) {
        for (const auto& d : *api.devices) devices.push_back(deviceJson(d.name, d.health()));
    }
    body["devices"] = std::move(devices);
    co_return http::jsonResponse(request, status::ok, body);
}

http::Response refusal(const CitizenApi& api, const http::Request& request, const Error& error,
                       std::string_view service_id) {
    if (error.code != ticket::Errc::category_closed) return errorResponse(request, error.code);
    const catalog::Category* category = api.hall->category(service_id);
    if (const catalog::Service* service = api.hall->service(service_id))
        category = api.hall->category(service->category);
    json::object extra;
    if (category != nullptr) {
        const auto open = catalog::availability(*api.hall, *category, api.clock->now());
        extra["next_open"] =
            open.next_open ? json::value(toLocal(*open.next_open).iso8601()) : json::value(nullptr);
    }
    return errorResponse(request, error.code, std::move(extra));
}

json::object sessionJson(const CitizenApi& api) {
    auto view = sessionView(*api.sessions, *api.hall);
    return view ? std::move(*view) : json::object{{"active", false}};
}

http::Response handleSessionGet(const CitizenApi& api, const http::Request& request) {
    return http::jsonResponse(request, status::ok, sessionJson(api));
}

http::Response handleSessionDelete(const CitizenApi& api, const http::Request& request) {
    api.sessions->end("ended_by_citizen");
    return http::noContent(request);
}

http::Response handleElderModePost(const CitizenApi& api, const http::Request& request) {
    auto on = parseElderMode(request.body());
    if (!on) return errorResponse(request, on.error().code);
    api.sessions->setElderMode(*on);
    return http::noContent(request);
}

Expected<ticket::TicketRequest> parseTicketRequest(std::string_view key, std::string_view body_text) {
    if (!validKey(key))
        return fail(Errc::idempotency_key_required, "missing or malformed Idempotency-Key header");
    boost::system::error_code ec;
    const json::value parsed = json::parse(body_text, ec);
    const json::object* body = ec ? nullptr : parsed.if_object();
    const json::value* service = body != nullptr ? body->if_contains("service_id") : nullptr;
    if (service == nullptr || !service->is_string() || service->get_string().empty() ||
        service->get_string().size() > 64) {
        return fail(base::Errc::bad_request, "body must be a JSON object with a service_id string");
    }
    ticket::TicketRequest request;
    request.service_id = std::string(service->get_string());
    request.idempotency_key = std::string(key);
    if (const json::value* priority = body->if_contains("priority")) {
        const json::string* p = priority->if_string();
        const auto given = p != nullptr ? queue::priorityFrom(*p) : std::nullopt;
        // A technician is staff: the priority they give is a confirmed one. Age and appointments are proven
        // by the card and the hall, never by a request.
        if (given != queue::Priority::normal && given != queue::Priority::confirmed)
            return fail(base::Errc::bad_request, "priority must be normal or confirmed");
        request.priority = *given;
    }
    if (const json::value* registration = body->if_contains("registration_id")) {
        const json::string* r = registration->if_string();
        if (r == nullptr || r->empty() || r->size() > 64)
            return fail(base::Errc::bad_request, "registration_id must be a registration id string");
        request.registration_id = std::string(*r);
    }
    return request;
}

asio::awaitable<http::Response> handleTicketsPost(const CitizenApi& api, const http::Request& request) {
    auto parsed = parseTicketRequest(request["Idempotency-Key"], request.body());
    if (!parsed) co_return errorResponse(request, parsed.error().code);
    const std::string service_id = parsed->service_id;
    // Anyone at the screen (or any local process) could claim a priority: only the card's own rules
    // (pre-registration) or a technician may.
    if (parsed->registration_id.empty() && parsed->priority != queue::Priority::normal &&
        (api.technician == nullptr || !api.technician->use(http::bearerToken(request)))) {
        co_return errorResponse(request, Errc::priority_needs_technician);
    }
    if (!parsed->registration_id.empty()) {
        auto registered = co_await api.registrations->ticketFor(std::move(*parsed));
        if (!registered) co_return refusal(api, request, registered.error(), service_id);
        const auto* category = api.hall->category(registered->ticket.category);
        co_return http::jsonResponse(request, registered->existing ? status::ok : status::created,
                                     ticketJson(registered->ticket, category));
    }
    auto issued = co_await api.tickets->issue(std::move(*parsed));
    if (!issued) co_return refusal(api, request, issued.error(), service_id);
    const auto* category = api.hall->category(issued->ticket.category);
    co_return http::jsonResponse(request, issued->existing ? status::ok : status::created,
                                 ticketJson(issued->ticket, category));
}

}  // namespace yici::api
