// The ticket flow, on the Asio thread; SQLite and rasterising run on their own threads.
#include "ticket/ticket_service.hpp"

#include "ticket/internal/log.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include <iterator>
#include <utility>

#include "base/async.hpp"
#include "base/random.hpp"
#include "catalog/schedule.hpp"
#include "hall/errors.hpp"
#include "hall/hall_protocol.hpp"
#include "ticket/errors.hpp"
#include "ticket/internal/new_ticket.hpp"
#include "yici/hal/errors.hpp"

namespace yici::ticket {
namespace {

namespace asio = boost::asio;

// A retry with the key of an earlier request gets that ticket only if it was printed: a voided one is
// no ticket at all, one taken back by the dispenser is not in anybody's hand, and one still printing is not
// in the citizen's hand yet.
Expected<Issued> earlierTicket(store::Ticket ticket) {
    if (ticket.status == store::TicketStatus::voided) {
        return fail(Errc::ticket_voided, "ticket " + ticket.id + " was voided: " + ticket.void_reason);
    }
    if (ticket.status == store::TicketStatus::not_taken)
        return fail(Errc::ticket_voided, "ticket " + ticket.id + " was not taken and taken back");
    if (ticket.status == store::TicketStatus::printing)
        return fail(Errc::ticket_printing, "ticket " + ticket.id + " is printing");
    return Issued{std::move(ticket), true};
}

}  // namespace

TicketService::TicketService(Deps deps)
    : d_(std::move(deps)),
      clock_check_(d_.clock, d_.clock_check),
      storage_check_(d_.data_dir),
      issued_(d_.metrics.counter("yici_tickets_issued_total",
                                 "Tickets printed and handed to citizens, by category.")),
      voided_(d_.metrics.counter(
          "yici_tickets_voided_total",
          "Tickets committed but voided because printing failed, by category and reason.")),
      numbered_(d_.metrics.counter("yici_tickets_numbered_total",
                                   "Tickets numbered with a hall server configured, by hall or offline.")),
      reprinted_(d_.metrics.counter("yici_tickets_reprinted_total",
                                    "Tickets reprinted by staff (补打), with their number, by category.")),
      issue_seconds_(
          d_.metrics.histogram("yici_ticket_issue_seconds",
                               "Time from a ticket request to the printer confirming the printed ticket.",
                               {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5})) {
    for (const auto& c : d_.hall.categories) issued_.add({{"category", c.id}}, 0);
}

asio::awaitable<TicketService::HallAnswer> TicketService::hallNumber(const TicketRequest& request) {
    if (offline_ && d_.steady_now() < offline_until_) co_return HallAnswer{};
    boost::json::object body{{"service_id", request.service_id},
                             {"priority", queue::priorityName(request.priority)}};
    if (!request.registration_id.empty()) body["registration_id"] = request.registration_id;
    // The tap's key (a retry of the same tap gets the same number from the hall), or one of this request's.
    const std::string key =
        request.idempotency_key.empty() ? "kiosk-" + base::randomHex(16) : request.idempotency_key;
    auto answer =
        co_await d_.hall_client->post("tickets", boost::json::serialize(body), d_.hall_timeout, key);
    std::string problem;
    std::string unsure;  // why the hall may have numbered it although the kiosk cannot use the number
    if (!answer) {
        problem = answer.error().message;
        // A connection or handshake that failed never carried the request; a timeout or a broken answer may.
        const ErrorCode code = answer.error().code;
        if (code == hall::Errc::hall_timeout || code == hall::Errc::hall_protocol_error) unsure = code.name();
    } else if (answer->status != 200 && answer->status != 201) {
        problem = fmt::format("hall answered HTTP {}", answer->status);
        if (answer->status >= 500) unsure = fmt::format("http_{}", answer->status);
    } else if (auto parsed = hall::parseTicketAnswer(answer->body); !parsed.valid) {
        problem = "hall answer: " + parsed.problem;
        unsure = "hall_bad_answer";
    } else {
        if (offline_) log()->info("hall numbering is back");
        offline_ = false;
        numbered_.add({{"by", "hall"}});
        co_return HallAnswer{
            store::HallNumber{parsed.number, parsed.window, parsed.waiting_ahead, parsed.est_wait_min}, {}};
    }
    if (!offline_) log()->warn("hall numbering unavailable ({}): numbering offline", problem);
    offline_ = true;
    // Spare the next citizens the timeout.
    offline_until_ = d_.steady_now() + d_.hall_backoff;
    numbered_.add({{"by", "offline"}});
    if (unsure.empty()) co_return HallAnswer{};
    co_return HallAnswer{{}, store::AbandonedHallRequest{key, unsure}};
}

TicketContent TicketService::contentFor(const store::Ticket& t, const catalog::Category& category,
                                        const TicketRequest& request) const {
    TicketContent c;
    c.hall_name_zh = d_.hall.name_zh;
    c.hall_name_en = d_.hall.name_en;
    c.category_zh = category.name_zh;
    c.category_en = category.name_en;
    c.number = t.number;
    c.windows = t.windows;
    c.waiting_ahead = t.waiting_ahead;
    c.est_wait_low_min = t.est_wait_low_min;
    c.est_wait_high_min = t.est_wait_high_min;
    c.issued_at_local = t.issued_at.substr(0, 10) + " " + t.issued_at.substr(11, 5);
    c.location_zh = category.location_zh;
    c.location_en = category.location_en;
    const auto place = d_.hall.kiosk_places.find(d_.kiosk_id);
    c.place = place != d_.hall.kiosk_places.end() ? place->second.first : d_.kiosk_id;
    c.missed_rule_zh = d_.hall.missed_rule_zh;
    c.missed_rule_en = d_.hall.missed_rule_en;
    c.service_phone = d_.hall.service_phone;
    c.offline = t.offline;
    c.qr_text =
        ticketQrUrl(d_.hall.queue_url, d_.kiosk_id, t.id, t.number, request.registration_code).value_or(t.id);
    c.priority = t.priority;
    c.claim = request.claim;
    if (!request.registration_code.empty()) {
        if (const catalog::Service* service = d_.hall.service(t.service_id)) {
            c.service_zh = service->name_zh;
            c.service_en = service->name_en;
        }
        c.registration_code = request.registration_code;
        c.holder_masked = request.holder_masked;
        for (const auto& id : request.missing_materials) {
            if (const auto m = d_.hall.materials.find(id); m != d_.hall.materials.end())
                c.to_bring.push_back({m->second.name_zh, m->second.name_en, m->second.where_zh});
        }
    }
    return c;
}

asio::awaitable<Expected<Issued>> TicketService::issue(TicketRequest request) {
    ScopedCount in_flight(in_flight_);
    const auto started = std::chrono::steady_clock::now();
    co_await recordPrinted();

    const catalog::Category* category = d_.hall.category(request.service_id);
    if (category == nullptr) {
        if (const catalog::Service* service = d_.hall.service(request.service_id)) {
            category = d_.hall.category(service->category);
        }
    }
    if (category == nullptr)
        co_return fail(Errc::unknown_service, "no category or service '" + request.service_id + "'");

    // A repeated tap gets its ticket back whatever has happened since (closing time, paper out).
    if (!request.idempotency_key.empty()) {
        auto find = [this, key = request.idempotency_key] { return d_.store.findByKey(key); };
        auto earlier = co_await offload(d_.store_executor, std::move(find));
        if (!earlier) co_return std::unexpected(earlier.error());
        if (*earlier) co_return earlierTicket(std::move(**earlier));
    }

    // A clock not yet set, or gone back, would date the ticket on the wrong day or before one already issued;
    // a full disk could not record the ticket as printed.
    for (const hal::Health& guard : {clock_check_.health(), storageHealth()})
        if (!guard.usable()) co_return fail(guard.code, guard.detail);
    const TimePoint now = d_.clock.now();
    if (!catalog::availability(d_.hall, *category, now).issuing) {
        co_return fail(Errc::category_closed, "category " + category->id + " is outside its issuing hours");
    }
    auto slot = co_await claimSlot();
    if (!slot) co_return std::unexpected(slot.error());

    store::NewTicket fresh =
        newTicket(d_.hall, *category, request.service_id, request.priority, now, request.idempotency_key);
    fresh.registration_id = request.registration_id;
    fresh.priority_claim = request.claim != Claim::none;
    if (d_.hall_client != nullptr) {
        HallAnswer answer = co_await hallNumber(request);
        if (answer.number) {
            fresh.hall = std::move(answer.number);
        } else {
            fresh.offline_prefix = d_.offline_prefix;
            fresh.abandoned = std::move(answer.abandoned);
        }
    }
    auto commit = [this, t = std::move(fresh)] { return d_.store.issue(t); };
    auto committed = co_await offload(d_.store_executor, std::move(commit));
    if (!committed) {
        log()->error("could not commit a ticket: {}", committed.error().message);
        co_return std::unexpected(committed.error());
    }
    if (committed->existing) co_return earlierTicket(std::move(committed->ticket));  // a concurrent retry won

    store::Ticket ticket = std::move(committed->ticket);
    clock_check_.committed(ticket.issued_at_unix);
    TicketContent content = contentFor(ticket, *category, request);
    auto printed = co_await printNew(std::move(ticket), *category, std::move(content), std::move(*slot));
    if (printed) {
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        issue_seconds_.observe(took.count());
    }
    co_return printed;
}

hal::Health TicketService::storageHealth() const {
    if (unrecorded_.empty()) return storage_check_.health();
    const Error& why = unrecorded_.back().why;
    return {
        hal::HealthLevel::critical, why.code,
        fmt::format("{} printed ticket(s) not yet recorded as printed: {}", unrecorded_.size(), why.message)};
}

asio::awaitable<void> TicketService::recordPrinted() {
    if (unrecorded_.empty()) co_return;
    auto record = [this, pending = std::exchange(unrecorded_, {})]() mutable {
        std::vector<Unrecorded> still;
        for (auto& ticket : pending) {
            if (auto marked = d_.store.markPrinted(ticket.id, ticket.unconfirmed); !marked) {
                ticket.why = marked.error();
                still.push_back(std::move(ticket));
            }
        }
        return still;
    };
    auto still = co_await offload(d_.store_executor, std::move(record));
    if (still.empty()) log()->info("every printed ticket is recorded as printed again");
    unrecorded_.insert(unrecorded_.end(), std::make_move_iterator(still.begin()),
                       std::make_move_iterator(still.end()));
}

Expected<void> TicketService::printerReady() const {
    if (d_.printer == nullptr) return fail(hal::Errc::driver_unavailable, "this board has no printer driver");
    if (const hal::Health health = d_.printer->health(); !health.usable())
        return fail(health.code, health.detail);
    if (d_.handout == nullptr) return {};
    if (const hal::Health health = d_.handout->health(); !health.usable())
        return fail(health.code, health.detail);
    return {};
}

asio::awaitable<Expected<void>> TicketService::print(const hal::Raster& raster) {
    auto printed = co_await d_.printer->printTicket(raster);
    if (d_.paper != nullptr && (printed || printed.error().code == hal::Errc::printer_unconfirmed))
        d_.paper->printed(raster.height);
    co_return printed;
}

asio::awaitable<Expected<std::optional<TicketHandout::Slot>>> TicketService::claimSlot() {
    if (auto ready = printerReady(); !ready) co_return std::unexpected(ready.error());
    if (d_.handout == nullptr) co_return std::optional<TicketHandout::Slot>{};
    auto slot = co_await d_.handout->claim(d_.slot_wait);
    if (!slot)
        co_return fail(Errc::ticket_in_slot, "the previous ticket still waits in the dispenser's mouth");
    if (auto ready = printerReady(); !ready) co_return std::unexpected(ready.error());  // changed meanwhile
    co_return slot;
}

asio::awaitable<Expected<store::Ticket>> TicketService::reprint(std::string number, std::string by) {
    ScopedCount in_flight(in_flight_);
    const LocalTime now = toLocal(d_.clock.now());
    auto find = [this, day = now.date(), number] { return d_.store.findByNumber(day, number); };
    auto found = co_await offload(d_.store_executor, std::move(find));
    if (!found) co_return std::unexpected(found.error());
    if (!*found) co_return fail(Errc::reprint_no_such_ticket, "no ticket " + number + " today");
    store::Ticket ticket = std::move(**found);
    if (ticket.status != store::TicketStatus::printed && ticket.status != store::TicketStatus::not_taken)
        co_return fail(Errc::reprint_not_printed,
                       "ticket " + ticket.id + " is " + std::string(store::statusName(ticket.status)));
    const catalog::Category* category = d_.hall.category(ticket.category);
    if (category == nullptr) co_return fail(Errc::unknown_service, "no category '" + ticket.category + "'");

    auto slot = co_await claimSlot();
    if (!slot) co_return std::unexpected(slot.error());
    TicketRequest original;
    original.priority = ticket.priority;
    original.claim = ticket.priority_claim ? Claim::priority : Claim::none;  // "awaiting confirmation"
    TicketContent content = contentFor(ticket, *category, original);
    content.reprinted_at_local = fmt::format("{} {}", now.date(), now.hhmm());
    auto render = [this, content = std::move(content)] { return d_.layout.render(content); };
    auto raster = co_await offload(d_.render_executor, std::move(render));
    if (!raster) co_return std::unexpected(raster.error());
    // Nothing is recorded unless the reprint came out: a failed one leaves the ticket as it was.
    if (auto printed = co_await print(*raster);
        !printed && printed.error().code != hal::Errc::printer_unconfirmed) {
        log()->warn("reprint of {} failed: {} ({})", ticket.id, printed.error().code,
                    printed.error().message);
        co_return std::unexpected(printed.error());
    }
    auto mark = [this, id = ticket.id, at = now.iso8601(), by] { return d_.store.markReprinted(id, at, by); };
    auto marked = co_await offload(d_.store_executor, std::move(mark));
    if (marked && *marked) ticket = std::move(**marked);
    // Cut is cut: the paper goes to the citizen whether or not it could be recorded.
    if (*slot) (void)co_await d_.handout->hand(std::move(**slot), &ticket);
    if (!marked) {
        log()->error("ticket {} reprinted but not recorded: {}", ticket.id, marked.error().message);
        co_return std::unexpected(marked.error());
    }
    reprinted_.add({{"category", category->id}});
    log()->info("ticket {} reprinted ({} time(s)) by {}", ticket.id, ticket.reprints, by);
    co_return ticket;
}

asio::awaitable<Expected<void>> TicketService::printTest() {
    ScopedCount in_flight(in_flight_);
    auto slot = co_await claimSlot();
    if (!slot) co_return std::unexpected(slot.error());
    const LocalTime now = toLocal(d_.clock.now());
    TestTicketContent content{
        .hall_name_zh = d_.hall.name_zh,
        .hall_name_en = d_.hall.name_en,
        .kiosk_id = d_.kiosk_id,
        .printed_at_local = fmt::format("{} {}:{:02}", now.date(), now.hhmm(), now.second),
        .qr_text = fmt::format("yici-test-print {} {}", d_.kiosk_id, now.iso8601())};
    auto render = [this, content = std::move(content)] { return d_.layout.renderTest(content); };
    auto raster = co_await offload(d_.render_executor, std::move(render));
    if (!raster) {
        log()->error("test print not rendered: {}", raster.error().message);
        co_return std::unexpected(raster.error());
    }
    Expected<void> printed = co_await print(*raster);
    if (printed) {
        log()->info("test print done");
        if (*slot) printed = co_await d_.handout->hand(std::move(**slot), nullptr);
    } else {
        log()->warn("test print failed: {} ({})", printed.error().code, printed.error().message);
    }
    co_return printed;
}

asio::awaitable<Expected<Issued>> TicketService::printNew(store::Ticket ticket,
                                                          const catalog::Category& category,
                                                          TicketContent content,
                                                          std::optional<TicketHandout::Slot> slot) {
    auto render = [this, content = std::move(content)] { return d_.layout.render(content); };
    auto raster = co_await offload(d_.render_executor, std::move(render));
    Expected<void> outcome;
    if (raster) {
        outcome = co_await print(*raster);
    } else {
        outcome = std::unexpected(raster.error());
    }
    // Sent whole but not confirmed (the printer went silent after the cut): kept as printed and reported,
    // never voided under a citizen who most likely holds it.
    std::string unconfirmed;
    if (!outcome && outcome.error().code == hal::Errc::printer_unconfirmed) {
        unconfirmed = outcome.error().message;
        log()->warn("ticket {} kept as printed, unconfirmed: {}", ticket.id, unconfirmed);
        outcome = {};
    }
    if (!outcome) {
        const std::string reason(outcome.error().code.name());
        log()->warn("ticket {} voided: {} ({})", ticket.id, reason, outcome.error().message);
        auto markVoided = [this, id = ticket.id, reason] { return d_.store.markVoided(id, reason); };
        auto voided = co_await offload(d_.store_executor, std::move(markVoided));
        if (!voided) log()->error("could not void ticket {}: {}", ticket.id, voided.error().message);
        voided_.add({{"category", category.id}, {"reason", reason}});
        co_return std::unexpected(outcome.error());
    }
    // The citizen holds the paper now: try hard to record it, or a restart would void a ticket in hand.
    auto markPrinted = [this, id = ticket.id, unconfirmed] {
        Expected<void> marked;
        for (int attempt = 0; attempt < 3; ++attempt) {
            marked = d_.store.markPrinted(id, unconfirmed);
            if (marked) break;
        }
        return marked;
    };
    auto marked = co_await offload(d_.store_executor, std::move(markPrinted));
    if (!marked) {
        log()->error("ticket {} printed but not recorded as printed (tried again before the next ticket): {}",
                     ticket.id, marked.error().message);
        unrecorded_.push_back({ticket.id, unconfirmed, marked.error()});
    }
    ticket.status = store::TicketStatus::printed;
    issued_.add({{"category", category.id}});
    log()->info("ticket {} printed for {}", ticket.id, category.id);
    // Cut is cut: a dispenser that fails to present it does not undo the ticket (its health says why).
    if (slot) (void)co_await d_.handout->hand(std::move(*slot), &ticket);
    co_return Issued{std::move(ticket), false};
}

}  // namespace yici::ticket
