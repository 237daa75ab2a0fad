// Shared test helpers: temporary directories, the Asia/Shanghai clock and the test event loop.
#pragma once

#include <doctest/doctest.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>

#include "base/error.hpp"
#include "base/local_time.hpp"
#include "catalog/hall_catalog.hpp"

namespace yici::testing {

// A fresh directory removed with everything in it when the test ends.
class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("yici-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

class FakeClock final : public Clock {
  public:
    explicit FakeClock(TimePoint t) : now_(t) {}
    TimePoint now() const override { return now_; }
    void set(TimePoint t) { now_ = t; }

  private:
    TimePoint now_;
};

// An instant given as Asia/Shanghai wall time (the process time zone is set to it).
inline TimePoint shanghai(int y, int mo, int d, int h, int mi, int s = 0) {
    setProcessTimezone("Asia/Shanghai");
    return fromLocal(y, mo, d, h * 60 + mi) + std::chrono::seconds(s);
}

// The source tree (testing.cpp, the one file that CMake gives the path to).
std::filesystem::path sourceDir();

// The Yongjia hall catalog as shipped in board-configs/halls/.
inline catalog::HallCatalog yongjia() {
    auto hall = catalog::loadHallCatalog(sourceDir() / "board-configs/halls/yongjia.toml");
    REQUIRE(hall.has_value());
    return *hall;
}

// `text` with the first `from` replaced by `to`; the test fails if `from` is not there.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

// The error code of an outcome, or "(no error)": for CHECKs that expect a failure.
template <class T>
std::string errorCode(const Expected<T>& outcome) {
    return outcome ? std::string("(no error)") : std::string(outcome.error().code.name());
}

// The test's event loop: runs `task` on `io` (with whatever it posts) until it finishes, and returns what it
// returned. An exception in the task is rethrown here, so doctest reports it.
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
    std::optional<T> result;
    std::exception_ptr failure;
    bool done = false;
    boost::asio::co_spawn(io, std::move(task), [&result, &failure, &done](std::exception_ptr e, T value) {
        failure = e;
        if (!e) result.emplace(std::move(value));
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    REQUIRE_MESSAGE(done, "the task never finished: nothing left to run on the io_context");
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
}

// Runs `io` until `done()` holds or `limit` passes (a timer's handler, awaited instead of slept over).
template <class Done>
bool runUntil(boost::asio::io_context& io, Done done,
              std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline)
        io.run_one_for(std::chrono::milliseconds(10));
    return done();
}

inline void run(boost::asio::io_context& io, boost::asio::awaitable<void> task) {
    std::exception_ptr failure;
    bool done = false;
    boost::asio::co_spawn(io, std::move(task), [&failure, &done](std::exception_ptr e) {
        failure = e;
        done = true;
    });
    io.restart();
    while (!done && io.run_one() > 0) {
    }
    REQUIRE_MESSAGE(done, "the task never finished: nothing left to run on the io_context");
    if (failure) std::rethrow_exception(failure);
}

}  // namespace yici::testing
