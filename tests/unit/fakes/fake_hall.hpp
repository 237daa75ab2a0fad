// A hall server behind the HallLink seam: scripted answers, delays and failures, and a record of every
// request. A delay longer than the caller's timeout ends as hall_timeout after the timeout, as the real
// client does.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "hall/errors.hpp"
#include "hall/hall_link.hpp"

namespace yici::testing {

class FakeHall final : public hall::HallLink {
  public:
    struct Call {
        std::string what;  // "tickets", "events"
        std::string body;
        std::chrono::milliseconds timeout;
        std::string idempotency_key;
    };

    boost::asio::awaitable<Expected<hall::HallResponse>> post(std::string what, std::string body,
                                                              std::chrono::milliseconds timeout,
                                                              std::string idempotency_key) const override {
        calls.push_back(Call{std::move(what), std::move(body), timeout, std::move(idempotency_key)});
        Reply reply = script_.empty() ? fallback_ : std::move(script_.front());
        if (!script_.empty()) script_.pop_front();
        if (reply.delay > std::chrono::milliseconds::zero()) {
            const bool too_slow = reply.delay >= timeout;
            auto executor = co_await boost::asio::this_coro::executor;
            boost::asio::steady_timer timer(executor, too_slow ? timeout : reply.delay);
            co_await timer.async_wait(boost::asio::use_awaitable);
            if (too_slow) co_return std::unexpected(Error{hall::Errc::hall_timeout, "answer: timed out"});
        }
        co_return std::move(reply.outcome);
    }

    // The next request is answered with a number from the hall (201, as the hall does for a new ticket).
    FakeHall& number(std::string number, std::string window = "3", int waiting_ahead = 2,
                     int est_wait_min = 10, std::chrono::milliseconds delay = {}) {
        boost::json::object body{{"number", std::move(number)},
                                 {"window", std::move(window)},
                                 {"waiting_ahead", waiting_ahead},
                                 {"est_wait_min", est_wait_min}};
        return answer(201, boost::json::serialize(body), delay);
    }
    FakeHall& answer(unsigned status, std::string body, std::chrono::milliseconds delay = {}) {
        script_.push_back(Reply{hall::HallResponse{status, std::move(body)}, delay});
        return *this;
    }
    // The next request fails as the client would report it (hall::Errc::hall_unreachable, hall_tls_error,
    // ...).
    FakeHall& failure(ErrorCode code, std::string message = "scripted by the test") {
        script_.push_back(Reply{std::unexpected(Error{code, std::move(message)}), {}});
        return *this;
    }
    // The next request is answered after `delay` (a timeout when that is beyond the caller's deadline).
    FakeHall& slow(std::chrono::milliseconds delay, std::string number = "H900") {
        return this->number(std::move(number), "3", 0, 5, delay);
    }
    // What requests get once the script is used up.
    void otherwise(Expected<hall::HallResponse> outcome) { fallback_ = Reply{std::move(outcome), {}}; }

    mutable std::vector<Call> calls;

  private:
    struct Reply {
        Expected<hall::HallResponse> outcome;
        std::chrono::milliseconds delay{};
    };
    mutable std::deque<Reply> script_;
    Reply fallback_{std::unexpected(Error{hall::Errc::hall_unreachable, "connect: nothing scripted"}), {}};
};

}  // namespace yici::testing
