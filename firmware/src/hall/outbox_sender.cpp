// The delivery loop, on the Asio thread.
#include "hall/outbox_sender.hpp"

#include <sodium.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cstring>

#include "base/async.hpp"
#include "base/secure_wipe.hpp"
#include "hall/errors.hpp"
#include "hall/hall_protocol.hpp"
#include "hall/internal/log.hpp"

namespace yici::hall {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

constexpr auto idle_poll = 1s;
constexpr auto request_timeout = 10s;

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool refusedAsContent(int status) {
    return status == 400 || status == 413 || status == 422;
}

}  // namespace

struct OutboxSender::Batch {
    std::vector<OutgoingEvent> events;
    std::vector<store::Hold> held;  // events of this read that cannot be built
    store::OutboxStats stats;
};

OutboxSender::OutboxSender(asio::any_io_executor executor, Deps deps)
    : executor_(executor),
      d_(std::move(deps)),
      timer_(executor),
      delivered_(d_.metrics.counter("yici_outbox_delivered_total", "Events the hall server acknowledged.")),
      held_(d_.metrics.counter(
          "yici_outbox_held_total",
          "Events held back instead of sent (rejected by the hall, or unreadable), by reason.")),
      failed_(d_.metrics.counter("yici_outbox_failures_total",
                                 "Failed deliveries to the hall server, by reason.")),
      delivery_seconds_(d_.metrics.histogram("yici_outbox_delivery_seconds",
                                             "Time of one events request to the hall server.",
                                             {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10})) {}

OutboxSender::~OutboxSender() {
    *alive_ = false;
}

void OutboxSender::start() {
    asio::co_spawn(executor_, run(), asio::detached);
}

void OutboxSender::stop() {
    *alive_ = false;
    timer_.cancel();
}

health::OutboxStatus outboxStatus(const OutboxHealth& outbox, bool linked, std::int64_t overdue_after_s) {
    health::OutboxStatus status{
        outbox.pending, outbox.oldest_age_s, linked && outbox.oldest_age_s > overdue_after_s, {}};
    for (const std::string_view reason :
         {hold_hall_rejected, hold_hall_refused, hold_personal_fields_unreadable}) {
        const auto held = outbox.held.find(std::string(reason));
        status.held[std::string(reason)] = held == outbox.held.end() ? 0 : held->second;
    }
    return status;
}

OutboxHealth OutboxSender::health() const {
    const std::int64_t age =
        stats_.pending > 0 ? std::max<std::int64_t>(0, unixNow() - stats_.oldest_enqueued_unix) : 0;
    return {stats_.pending, age, last_error_, stats_.held};
}

std::chrono::milliseconds OutboxSender::backoff() const {
    // 0.5 s, 1 s, 2 s … capped at 30 s, each ±20 % so a hall coming back is not hit by every kiosk at once.
    const auto base = std::min<std::int64_t>(30'000, 500LL << std::clamp(failures_ - 1, 0, 6));
    const double jitter = 0.8 + 0.4 * (static_cast<double>(randombytes_uniform(1001)) / 1000.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(base) * jitter));
}

asio::awaitable<void> OutboxSender::run() {
    const auto alive = alive_;
    auto next_attempt = std::chrono::steady_clock::now();
    while (*alive) {
        if (std::chrono::steady_clock::now() >= next_attempt) {
            const Round round = co_await deliverOnce();
            if (!*alive) co_return;
            if (round == Round::delivered) continue;  // more may be waiting: the next batch at once
            next_attempt = std::chrono::steady_clock::now() +
                           (round == Round::failed ? backoff() : std::chrono::milliseconds(idle_poll));
        } else {
            co_await refreshStats();  // /health keeps counting while delivery waits
            if (!*alive) co_return;
        }
        timer_.expires_at(std::min(next_attempt, std::chrono::steady_clock::now() + idle_poll));
        boost::system::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
}

asio::awaitable<void> OutboxSender::refreshStats() {
    auto read = [this] { return d_.outbox.stats(); };
    auto stats = co_await offload(d_.store_executor, std::move(read));
    if (stats) stats_ = *stats;
}

asio::awaitable<Expected<OutboxSender::Batch>> OutboxSender::readBatch() {
    // Read the batch, and for registrations their personal fields (opened with the key), on the store
    // thread. A registration whose sealed fields cannot be opened is held back, never sent without them:
    // the hall would ack it and the purge would erase the only copy.
    const int limit = one_by_one_ > 0 ? 1 : batch_size;
    auto read = [this, limit]() -> Expected<Batch> {
        const std::int64_t now = unixNow();
        Batch batch;
        if (d_.client == nullptr) {  // no hall server: nothing is queued for one
            if (auto settled = d_.outbox.settleWithoutHall(now); !settled)
                return std::unexpected(settled.error());
            auto stats = d_.outbox.stats();
            if (!stats) return std::unexpected(stats.error());
            batch.stats = std::move(*stats);
            return batch;
        }
        auto pending = d_.outbox.pending(limit, now);
        if (!pending) return std::unexpected(pending.error());
        for (auto& e : *pending) {
            OutgoingEvent out{std::move(e.id), std::move(e.type), std::move(e.at), std::move(e.data), {}};
            if (out.type == "registration_created") {
                auto sealed = d_.registrations.sealedFields(out.id.substr(0, out.id.rfind('/')));
                if (!sealed) return std::unexpected(sealed.error());
                if (*sealed) {
                    std::string problem = "the privacy key is not loaded";
                    if (d_.data_keys != nullptr) {
                        auto opened = d_.data_keys->open(**sealed);
                        if (opened) out.personal_json = std::move(*opened);
                        problem = opened ? "" : opened.error().message;
                    }
                    if (!problem.empty()) {
                        batch.held.push_back({out.id, std::string(hold_personal_fields_unreadable), problem});
                        continue;
                    }
                }
            }
            batch.events.push_back(std::move(out));
        }
        if (!batch.held.empty()) {
            if (auto ok = d_.outbox.hold(batch.held, now + held_retry.count()); !ok)
                return std::unexpected(ok.error());
        }
        auto stats = d_.outbox.stats();
        if (!stats) return std::unexpected(stats.error());
        batch.stats = std::move(*stats);
        return batch;
    };
    co_return co_await offload(d_.store_executor, std::move(read));
}

asio::awaitable<OutboxSender::Round> OutboxSender::holdBack(std::vector<store::Hold> holds) {
    for (const auto& h : holds) {
        log()->warn("event {} held back ({}): {}; offered again in {} min", h.id, h.reason, h.detail,
                    held_retry.count() / 60);
        held_.add({{"reason", h.reason}});
    }
    auto hold = [this, holds = std::move(holds)] {
        return d_.outbox.hold(holds, unixNow() + held_retry.count());
    };
    auto held = co_await offload(d_.store_executor, std::move(hold));
    if (!held) {
        log()->error("cannot record the held events: {}", held.error().message);
        ++failures_;
        co_return Round::failed;
    }
    co_return Round::delivered;
}

asio::awaitable<OutboxSender::Round> OutboxSender::deliverOnce() {
    auto batch = co_await readBatch();
    if (!batch) {
        log()->error("cannot read the outbox: {}", batch.error().message);
        ++failures_;
        co_return Round::failed;
    }
    stats_ = batch->stats;
    for (const auto& h : batch->held) {
        log()->error("registration event {} held back ({}): {}", h.id, h.reason, h.detail);
        held_.add({{"reason", h.reason}});
    }
    if (batch->events.empty()) co_return batch->held.empty() ? Round::idle : Round::delivered;

    std::vector<std::string> ids;
    for (const auto& e : batch->events) ids.push_back(e.id);
    std::string body = eventsBody(batch->events);
    for (auto& e : batch->events) base::secureWipe(e.personal_json);
    const auto started = std::chrono::steady_clock::now();
    auto answer = co_await d_.client->post("events", std::move(body), request_timeout, {});
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;

    auto failed = [this](ErrorCode code, std::string_view detail) {
        ++failures_;
        if (failures_ == 1 || failures_ % 20 == 0 || code.name() != last_error_)
            log()->warn("delivering events failed ({} in a row): {}", failures_, detail);
        failed_.add({{"reason", std::string(code.name())}});
        last_error_ = std::string(code.name());
        return Round::failed;
    };
    if (!answer) co_return failed(answer.error().code, answer.error().message);
    if (one_by_one_ > 0) --one_by_one_;
    if (refusedAsContent(static_cast<int>(answer->status))) {
        // The hall refuses what the batch holds: send one event at a time to find which, and hold that one
        // back, so one bad event does not stop every other from reaching the hall.
        if (ids.size() > 1) {
            log()->warn("hall answered HTTP {} to a batch of {}: sending one by one", answer->status,
                        ids.size());
            one_by_one_ = static_cast<int>(ids.size());
            co_return Round::delivered;
        }
        std::vector<store::Hold> refused;
        refused.push_back(
            {ids.front(), std::string(hold_hall_refused), fmt::format("HTTP {}", answer->status)});
        const Round round = co_await holdBack(std::move(refused));
        co_return round;
    }
    if (answer->status != 200)
        co_return failed(Errc::hall_http_error, fmt::format("hall answered HTTP {}", answer->status));
    const AckAnswer acks = parseAcks(answer->body, ids);
    if (!acks.valid) co_return failed(Errc::hall_bad_answer, acks.problem);
    if (acks.unknown > 0)
        log()->warn("the hall answered {} id(s) this batch did not carry; ignored", acks.unknown);
    if (acks.acked.empty() && acks.rejected.empty())
        co_return failed(Errc::hall_acked_nothing, "the hall acknowledged none of the batch");

    auto mark = [this, acked = acks.acked] { return d_.outbox.acknowledge(acked, unixNow()); };
    auto marked = co_await offload(d_.store_executor, std::move(mark));
    if (!marked) {
        log()->error("cannot record the hall's acknowledgements: {}", marked.error().message);
        ++failures_;
        co_return Round::failed;  // they stay pending and are sent again: the hall de-duplicates by id
    }
    if (failures_ > 0) log()->info("hall reachable again: delivering");
    failures_ = 0;
    last_error_.clear();
    delivered_.add({}, static_cast<double>(*marked));
    delivery_seconds_.observe(took.count());
    if (!acks.rejected.empty()) {
        std::vector<store::Hold> holds;
        holds.reserve(acks.rejected.size());
        for (const auto& r : acks.rejected)
            holds.push_back({r.id, std::string(hold_hall_rejected), r.reason});
        const Round round = co_await holdBack(std::move(holds));
        if (round == Round::failed) co_return Round::failed;
    }
    const std::size_t answered = acks.acked.size() + acks.rejected.size();
    if (answered < ids.size())
        log()->info("hall answered {} of {} events; the rest follow", answered, ids.size());
    co_return Round::delivered;
}

}  // namespace yici::hall
