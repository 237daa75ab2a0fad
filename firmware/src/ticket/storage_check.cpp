// statvfs on the data dir, asked before each ticket and on /health.
#include "ticket/storage_check.hpp"

#include <sys/statvfs.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "store/errors.hpp"

namespace yici::ticket {

StorageCheck::StorageCheck(std::filesystem::path data_dir, std::uint64_t reserve)
    : data_dir_(std::move(data_dir)), reserve_(reserve) {}

hal::Health StorageCheck::health() const {
    struct statvfs fs {};
    if (::statvfs(data_dir_.c_str(), &fs) != 0) {
        return {hal::HealthLevel::critical,
                store::Errc::storage_io_error,
                fmt::format("cannot read the free space of {}: {}", data_dir_.string(), std::strerror(errno)),
                {}};
    }
    const std::uint64_t free = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
    if (free < reserve_) {
        const std::uint64_t size = static_cast<std::uint64_t>(fs.f_blocks) * fs.f_frsize;
        constexpr double mib = 1024.0 * 1024.0;
        return {
            hal::HealthLevel::critical,
            store::Errc::storage_full,
            fmt::format("{} has {:.1f} MiB free of {:.1f} MiB: tickets wait until {:.0f} MiB are free (the "
                        "database keeps what it accepted)",
                        data_dir_.string(), static_cast<double>(free) / mib, static_cast<double>(size) / mib,
                        static_cast<double>(reserve_) / mib),
            {}};
    }
    return {hal::HealthLevel::ok, hal::Errc::ok, "", {}};
}

}  // namespace yici::ticket
