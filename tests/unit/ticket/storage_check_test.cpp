// Room on the data partition: tickets wait while less than the reserve is free.
#include <doctest/doctest.h>

#include "store/errors.hpp"
#include "testing.hpp"
#include "ticket/storage_check.hpp"

using namespace yici;

TEST_CASE("the data partition's free space against the reserve") {
    testing::TempDir dir;
    CHECK(ticket::StorageCheck(dir.path(), 0).health().level == hal::HealthLevel::ok);
    // More than any disk here has free: the partition counts as full.
    const auto full = ticket::StorageCheck(dir.path(), std::uint64_t{1} << 60).health();
    CHECK(full.level == hal::HealthLevel::critical);
    CHECK(full.code == store::Errc::storage_full);
    CHECK(full.detail.find(dir.path().string() + " has ") == 0);
    CHECK(full.detail.find("MiB free of") != std::string::npos);
    const auto missing = ticket::StorageCheck(dir.path() / "gone").health();
    CHECK(missing.level == hal::HealthLevel::critical);
    CHECK(missing.code == store::Errc::storage_io_error);
}
