// The citizen API over fakes, for calling handleX functions without a socket: the ticket bench plus a
// session flow, the stores, a vault, and the devices the status listener shows (fake printer, reader and
// camera). Requests are built here and answers read back as JSON.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

#include "api/catalog_api.hpp"
#include "api/ratings_api.hpp"
#include "api/registrations_api.hpp"
#include "api/session_api.hpp"
#include "api/technician_auth.hpp"
#include "api/tickets_api.hpp"
#include "fakes/fake_camera.hpp"
#include "fakes/fake_id_card_reader.hpp"
#include "fakes/recording_session_events.hpp"
#include "health/device_health.hpp"
#include "http/event_stream.hpp"
#include "prereg/flow.hpp"
#include "prereg/registration_service.hpp"
#include "privacy/vault.hpp"
#include "store/queue_store.hpp"
#include "store/rating_store.hpp"
#include "store/registration_store.hpp"
#include "ticket/ticket_bench.hpp"

namespace yici::testing {

namespace bhttp = boost::beast::http;

inline http::Request request(bhttp::verb method, std::string target, std::string body = {}) {
    http::Request r(method, target, 11);
    r.set(bhttp::field::host, "127.0.0.1");
    if (!body.empty()) r.set(bhttp::field::content_type, "application/json");
    r.body() = std::move(body);
    r.prepare_payload();
    return r;
}

// `request` with "Authorization: Bearer TOKEN"; as it is for an empty token.
inline http::Request withToken(http::Request request, const std::string& token) {
    if (!token.empty()) request.set(bhttp::field::authorization, "Bearer " + token);
    return request;
}

// POST /api/v1/tickets as the screen sends it: a fresh Idempotency-Key per tap.
inline http::Request ticketPost(std::string body, std::string key) {
    http::Request r = request(bhttp::verb::post, "/api/v1/tickets", std::move(body));
    if (!key.empty()) r.set("Idempotency-Key", key);
    return r;
}

inline boost::json::value jsonOf(const http::Response& response) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(response.body(), ec);
    REQUIRE_MESSAGE(!ec, "not JSON: " << response.body());
    return v;
}

// The "error" object of an error answer.
inline boost::json::object errorOf(const http::Response& response) {
    const boost::json::value v = jsonOf(response);
    const boost::json::object* body = v.if_object();
    const boost::json::value* error = body != nullptr ? body->if_contains("error") : nullptr;
    REQUIRE_MESSAGE((error != nullptr && error->is_object()), "not an error answer: " << response.body());
    return error->as_object();
}

inline hal::IdCard residentCard() {
    hal::IdCard c;
    c.name = "张三";
    c.gender = "1";
    c.birth_date = "19850612";
    c.address = "浙江省温州市永嘉县上塘镇县前路1号";
    c.id_number = "330324198506121230";
    c.valid_to = "20350612";
    return c;
}

struct ApiBench : TicketBench {
    RecordingSessionEvents session_events;
    prereg::Flow sessions{io.get_executor(), std::chrono::seconds(60), session_events, clock, hall};
    http::EventHub events{io.get_executor()};
    store::RegistrationStore registration_store{db.db()};
    store::RatingStore rating_store{db.db()};
    store::QueueStore queue_store{db.db()};
    privacy::Vault vault = openVault(dir.path() / "pii.key");
    store::DataKeys data_keys{db.db(), vault};
    prereg::RegistrationService registrations{{.store_executor = io.get_executor(),
                                               .registrations = registration_store,
                                               .tickets = store,
                                               .data_keys = &data_keys,
                                               .ticket_service = tickets,
                                               .hall = hall,
                                               .sessions = sessions,
                                               .clock = clock,
                                               .metrics = metrics}};
    FakeIdCardReader reader;
    FakeCamera camera;
    std::vector<health::DeviceHealthSource> devices{{"printer", [this] { return printer.health(); }, true},
                                                    {"id_reader", [this] { return reader.health(); }, false},
                                                    {"camera", [this] { return camera.health(); }, false}};
    // The PIN 135790, hashed as `yicictl pin-hash` does; tokens come from issueToken().
    api::TechnicianAuth technician_auth{
        "$argon2id$v=19$m=65536,t=2,p=1$YPuHGNfA0o0I+aOCvf7SDA$SjcJUOsY9f9k8vZM4CaggQPwSp3+stE97EmVC9qsd/k",
        {},
        [] { return std::chrono::steady_clock::now(); }};
    const api::CatalogApi catalog_api{.store_executor = io.get_executor(),
                                      .store = store,
                                      .hall = hall,
                                      .clock = clock,
                                      .kiosk_id = "test-k01",
                                      .idle_timeout_s = 60,
                                      .technician = technician_auth,
                                      .devices = devices};
    const api::TicketsApi tickets_api{.hall = hall,
                                      .clock = clock,
                                      .tickets = tickets,
                                      .registrations = registrations,
                                      .technician = technician_auth};
    const api::SessionApi session_api{.sessions = sessions, .hall = hall, .clock = clock};
    const api::RegistrationsApi registrations_api{
        .registrations = registrations, .hall = hall, .events = events};
    const api::RatingsApi ratings_api{.store_executor = io.get_executor(),
                                      .tickets = store,
                                      .ratings = rating_store,
                                      .clock = clock,
                                      .rated = api::ratingsCounter(metrics)};

    ApiBench() {
        // The reader feeds the session as yicid wires it.
        reader.start(
            {.card_present = [this](const hal::IdCard& card,
                                    std::chrono::steady_clock::duration) { sessions.cardPresent(card); },
             .card_removed = [this] { sessions.cardRemoved(); },
             .card_error = [this](ErrorCode code) { sessions.cardError(code); }});
    }

    static privacy::Vault openVault(const std::filesystem::path& key_file) {
        auto vault = privacy::Vault::open(key_file);
        REQUIRE_MESSAGE(vault.has_value(), (vault ? "" : vault.error().message));
        return std::move(*vault);
    }

    // A printed ticket taken at the screen, for tests that need one waiting.
    store::Ticket printedTicket(std::string service_id, std::string key) {
        auto issued = issue(std::move(service_id), std::move(key));
        REQUIRE_MESSAGE(issued.has_value(), (issued ? "" : issued.error().message));
        return issued->ticket;
    }
};

}  // namespace yici::testing
