// yici-hall-sim: a stand-in for the hall server, for tests and the bench. It speaks the kiosk → hall
// contract (ARCHITECTURE.md), records every event it receives, and misbehaves on request.
//   yici-hall-sim --port P --control-port C --kiosk ID --record FILE
//                 [--tls-cert PEM --tls-key PEM [--client-ca PEM]]
// With --tls-cert the hall port speaks HTTPS (one request per connection); with --client-ca it also
// demands a client certificate signed by that CA (mutual TLS). Failed handshakes are logged to stderr.
// Modes (POST /mode on the control port, body one of):
//   ok          ack every event
//   down        stop listening (connections are refused) until another mode is set
//   slow MS     answer after MS milliseconds
//   error       HTTP 500
//   garbage     HTTP 200 with a body that is not JSON
//   partial     ack only the first half of each batch
//   duplicate   ack every id twice
//   foreign     ack every id plus one the kiosk never sent
//   reject T    ack every event but those of type T, which it rejects ({"rejected": [{id, reason}]})
//   refuse T    HTTP 400 to any batch holding an event of type T
// Numbering keeps the hall's side of the contract: the same Idempotency-Key gets the same number; a
// ticket_abandoned event voids the number its key got, and a key abandoned before it was numbered gets none
// (409). GET /queue on the control port answers {"numbers": [...]}: the numbers given and not voided.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "http/server.hpp"

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using yici::http::beast_http::status;
using yici::http::beast_http::verb;

struct Sim {
    std::string mode = "ok";
    int slow_ms = 0;
    std::string type;  // of reject T / refuse T
    std::ofstream record;
    int tickets = 0;
    std::map<std::string, std::string> number_of_key;
    std::set<std::string> abandoned_keys;
    std::set<std::string> voided_numbers;
};

// A ticket_abandoned event: the kiosk gave up on the number it asked for under that key.
void abandon(Sim& sim, const json::object& event) {
    const json::value* data = event.if_contains("data");
    const json::value* key =
        data != nullptr && data->is_object() ? data->as_object().if_contains("idempotency_key") : nullptr;
    if (key == nullptr || !key->is_string()) return;
    sim.abandoned_keys.emplace(key->as_string());
    if (const auto it = sim.number_of_key.find(std::string(key->as_string())); it != sim.number_of_key.end())
        sim.voided_numbers.insert(it->second);
}

yici::http::Response answerEvents(Sim& sim, const yici::http::Request& r) {
    if (sim.mode == "error")
        return yici::http::textResponse(r, status::internal_server_error, "oops", "text/plain");
    if (sim.mode == "garbage")
        return yici::http::textResponse(r, status::ok, "{\"acked\": [1, 2", "application/json");
    boost::system::error_code ec;
    const json::value body = json::parse(r.body(), ec);
    const json::array* events = ec || !body.is_object()                  ? nullptr
                                : body.as_object().if_contains("events") ? body.at("events").if_array()
                                                                         : nullptr;
    if (events == nullptr) return yici::http::textResponse(r, status::bad_request, "no events", "text/plain");
    const bool refuse =
        sim.mode == "refuse" && std::any_of(events->begin(), events->end(), [&](const json::value& e) {
            return e.at("type") == json::string_view(sim.type);
        });
    if (refuse) return yici::http::textResponse(r, status::bad_request, "unknown event type", "text/plain");
    json::array acked, rejected;
    const std::size_t count = sim.mode == "partial" ? (events->size() + 1) / 2 : events->size();
    for (std::size_t i = 0; i < events->size(); ++i) {
        const json::object& e = (*events)[i].as_object();
        sim.record << json::serialize(json::object{{"id", e.at("id")},
                                                   {"type", e.at("type")},
                                                   {"at", e.at("at")},
                                                   {"data", e.at("data")}})
                   << '\n';
        if (sim.mode == "reject" && e.at("type") == json::string_view(sim.type)) {
            rejected.push_back(json::object{{"id", e.at("id")}, {"reason", "未知事项 / unknown service"}});
        } else if (i < count) {
            if (e.at("type") == "ticket_abandoned") abandon(sim, e);
            acked.push_back(e.at("id"));
            if (sim.mode == "duplicate") acked.push_back(e.at("id"));
        }
    }
    sim.record.flush();
    if (sim.mode == "foreign") acked.emplace_back("never-sent-by-the-kiosk");
    json::object answer{{"acked", std::move(acked)}};
    if (!rejected.empty()) answer["rejected"] = std::move(rejected);
    return yici::http::jsonResponse(r, status::ok, answer);
}

yici::http::Response answerTicket(Sim& sim, const yici::http::Request& r) {
    if (sim.mode == "error")
        return yici::http::textResponse(r, status::internal_server_error, "oops", "text/plain");
    if (sim.mode == "garbage")
        return yici::http::textResponse(r, status::ok, "{\"number\":", "application/json");
    std::string key(r["Idempotency-Key"]);
    if (key.empty()) key = "none-" + std::to_string(sim.tickets + 1);
    if (sim.abandoned_keys.contains(key))
        return yici::http::textResponse(r, status::conflict, R"({"error":"abandoned"})", "application/json");
    std::string& number = sim.number_of_key[key];
    if (number.empty()) {
        ++sim.tickets;
        char text[16];
        std::snprintf(text, sizeof text, "H%03d", sim.tickets);  // H001 … H999, H1000 …: never twice
        number = text;
    }
    return yici::http::jsonResponse(
        r, status::ok,
        json::object{{"number", number}, {"window", "1"}, {"waiting_ahead", 0}, {"est_wait_min", 0}});
}

// The hall's queue: every number it gave that was not voided.
json::object queue(const Sim& sim) {
    json::array numbers;
    for (const auto& [key, number] : sim.number_of_key)
        if (!sim.voided_numbers.contains(number)) numbers.emplace_back(number);
    return json::object{{"numbers", std::move(numbers)}};
}

// Delays the answer in slow mode, on the one Asio thread.
asio::awaitable<void> maybeSlow(Sim& sim) {
    if (sim.mode != "slow") co_return;
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(sim.slow_ms));
    co_await timer.async_wait(asio::use_awaitable);
}

// One HTTPS request per connection: handshake, read, answer, close.
asio::awaitable<void> tlsSession(tcp::socket socket, asio::ssl::context& tls, Sim& sim, std::string base) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), tls);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    boost::system::error_code ec;
    co_await stream.async_handshake(asio::ssl::stream_base::server,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        std::fprintf(stderr, "yici-hall-sim: TLS handshake failed: %s\n", ec.message().c_str());
        co_return;
    }
    beast::flat_buffer buffer;
    yici::http::Request request;
    co_await bhttp::async_read(stream, buffer, request, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    co_await maybeSlow(sim);
    yici::http::Response response =
        request.target() == base + "/events" ? answerEvents(sim, request)
        : request.target() == base + "/tickets"
            ? answerTicket(sim, request)
            : yici::http::textResponse(request, status::not_found, "", "text/plain");
    response.keep_alive(false);
    co_await bhttp::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
    co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> tlsAccept(tcp::acceptor& acceptor, asio::ssl::context& tls, Sim& sim,
                                std::string base) {
    while (acceptor.is_open()) {
        boost::system::error_code ec;
        tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        asio::co_spawn(acceptor.get_executor(), tlsSession(std::move(socket), tls, sim, base),
                       asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::uint16_t port = 0, control_port = 0;
    std::string kiosk = "kiosk", record = "hall-received.jsonl", tls_cert, tls_key, client_ca;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view key = argv[i], value = argv[i + 1];
        if (key == "--port") std::from_chars(value.data(), value.data() + value.size(), port);
        if (key == "--control-port") std::from_chars(value.data(), value.data() + value.size(), control_port);
        if (key == "--kiosk") kiosk = value;
        if (key == "--record") record = value;
        if (key == "--tls-cert") tls_cert = value;
        if (key == "--tls-key") tls_key = value;
        if (key == "--client-ca") client_ca = value;
    }
    asio::io_context io(1);
    Sim sim;
    sim.record.open(record, std::ios::app);
    const std::string base = "/api/v1/kiosks/" + kiosk;
    auto hall = std::make_shared<yici::http::Router>();
    hall->add(verb::post, base + "/events",
              [&sim](const yici::http::Request& r) -> asio::awaitable<yici::http::Response> {
                  co_await maybeSlow(sim);
                  co_return answerEvents(sim, r);
              });
    hall->add(verb::post, base + "/tickets",
              [&sim](const yici::http::Request& r) -> asio::awaitable<yici::http::Response> {
                  co_await maybeSlow(sim);
                  co_return answerTicket(sim, r);
              });
    yici::http::Server hall_server(io.get_executor(), hall,
                                   {.name = "hall",
                                    .body_limit = 8 * 1024 * 1024,
                                    .body_timeout = std::chrono::seconds(30),
                                    .write_timeout = std::chrono::seconds(30),
                                    .max_sessions = 64});
    const yici::base::ListenAddress hall_address{"127.0.0.1", port};
    bool listening = true;

    auto control = std::make_shared<yici::http::Router>();
    control->add(verb::post, "/mode",
                 [&](const yici::http::Request& r) -> asio::awaitable<yici::http::Response> {
                     const std::string text = r.body();
                     const std::string name = text.substr(0, text.find(' '));
                     if (name == "slow")
                         std::from_chars(text.data() + 5, text.data() + text.size(), sim.slow_ms);
                     if (name == "reject" || name == "refuse")
                         sim.type = text.size() > name.size() ? text.substr(name.size() + 1) : "";
                     sim.mode = name;
                     if (name == "down" && listening) {
                         hall_server.close();
                         listening = false;
                     } else if (name != "down" && !listening) {
                         listening = hall_server.listen(hall_address).has_value();
                     }
                     co_return yici::http::textResponse(r, status::ok, "mode " + name + "\n", "text/plain");
                 });
    control->add(verb::get, "/queue",
                 [&sim](const yici::http::Request& r) -> asio::awaitable<yici::http::Response> {
                     co_return yici::http::jsonResponse(r, status::ok, queue(sim));
                 });
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tcp::acceptor tls_acceptor(io);
    if (!tls_cert.empty()) {
        tls.use_certificate_chain_file(tls_cert);
        tls.use_private_key_file(tls_key, asio::ssl::context::pem);
        if (!client_ca.empty()) {
            tls.load_verify_file(client_ca);
            tls.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
        }
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
        tls_acceptor.open(endpoint.protocol());
        tls_acceptor.set_option(asio::socket_base::reuse_address(true));
        tls_acceptor.bind(endpoint);
        tls_acceptor.listen();
        asio::co_spawn(io, tlsAccept(tls_acceptor, tls, sim, base), asio::detached);
    }
    yici::http::Server control_server(io.get_executor(), control,
                                      {.name = "control",
                                       .body_limit = 1024,
                                       .write_timeout = std::chrono::seconds(10),
                                       .max_sessions = 8});
    const bool hall_up = !tls_cert.empty() || hall_server.listen(hall_address).has_value();
    if (!hall_up || !control_server.listen({"127.0.0.1", control_port})) {
        std::fprintf(stderr, "yici-hall-sim: cannot listen on %u / %u\n", port, control_port);
        return 1;
    }
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    io.run();
    return 0;
}
