// Shared test helpers: temporary directories and the Asia/Shanghai clock.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>

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

inline std::filesystem::path sourceDir() {
    return YICI_SOURCE_DIR;
}

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

}  // namespace yici::testing
