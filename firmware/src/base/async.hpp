// Small async building blocks shared by drivers and firmware: run blocking work off the Asio thread,
// and a mutex for coroutines that take turns on one device.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <memory>
#include <type_traits>
#include <utility>

namespace yici {

// Runs fn on `executor` (a worker pool or a dedicated thread) and resumes the awaiting coroutine on its
// own executor. Not a coroutine itself: fn is moved into the posted job before anything suspends.
// (g++ 12 mishandles non-trivial temporaries inside co_await expressions: callers pass named lambdas.)
template <class Executor, class Fn>
auto offload(Executor executor, Fn fn) {
    using Result = std::invoke_result_t<Fn&>;
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void(Result)>(
        [executor](auto handler, Fn job) {
            boost::asio::post(executor, [handler = std::move(handler), job = std::move(job)]() mutable {
                Result result = job();
                auto home = boost::asio::get_associated_executor(handler);
                boost::asio::post(home, [handler = std::move(handler), result = std::move(result)]() mutable {
                    std::move(handler)(std::move(result));
                });
            });
        },
        boost::asio::use_awaitable, std::move(fn));
}

// Counts how many of something are alive (sessions, requests in flight). The count is shared so that
// a coroutine frame destroyed after its owner still decrements valid memory.
class ScopedCount {
  public:
    explicit ScopedCount(std::shared_ptr<int> count) : count_(std::move(count)) { ++*count_; }
    ~ScopedCount() { --*count_; }
    ScopedCount(const ScopedCount&) = delete;
    ScopedCount& operator=(const ScopedCount&) = delete;

  private:
    std::shared_ptr<int> count_;
};

// FIFO mutex for coroutines on one executor: the holder may suspend, the others wait their turn.
class AsyncMutex {
  public:
    class Guard {
      public:
        explicit Guard(AsyncMutex* mutex) : mutex_(mutex) {}
        Guard(Guard&& other) noexcept : mutex_(std::exchange(other.mutex_, nullptr)) {}
        Guard(const Guard&) = delete;
        Guard& operator=(const Guard&) = delete;
        Guard& operator=(Guard&&) = delete;
        ~Guard() {
            if (mutex_ != nullptr) mutex_->unlock();
        }

      private:
        AsyncMutex* mutex_;
    };

    explicit AsyncMutex(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    boost::asio::awaitable<Guard> lock() {
        if (!locked_) {
            locked_ = true;
            co_return Guard(this);
        }
        co_await boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, void()>(
            [this](auto handler) { waiters_.emplace_back(std::move(handler)); }, boost::asio::use_awaitable);
        co_return Guard(this);  // ownership was handed over by unlock()
    }

    bool locked() const { return locked_; }

  private:
    void unlock() {
        if (waiters_.empty()) {
            locked_ = false;
            return;
        }
        auto next = std::move(waiters_.front());
        waiters_.pop_front();
        boost::asio::post(executor_, std::move(next));
    }

    boost::asio::any_io_executor executor_;
    bool locked_ = false;
    std::deque<boost::asio::any_completion_handler<void()>> waiters_;
};

}  // namespace yici
