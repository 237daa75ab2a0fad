// Small async building blocks shared by drivers and firmware: run blocking work off the Asio thread,
// and a mutex for coroutines that take turns on one device.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <type_traits>
#include <utility>

namespace yici {

// Runs fn on `executor` (a worker pool or a dedicated thread) and resumes the caller on its own executor.
template <class Executor, class Fn>
boost::asio::awaitable<std::invoke_result_t<Fn&>> offload(Executor executor, Fn fn) {
    using Result = std::invoke_result_t<Fn&>;
    co_return co_await boost::asio::co_spawn(
        executor, [fn = std::move(fn)]() mutable -> boost::asio::awaitable<Result> { co_return fn(); },
        boost::asio::use_awaitable);
}

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
