// Whether the data partition has room for a new ticket. A ticket is refused while less than `reserve` bytes
// are free, before anything is written: the room left lets every ticket already accepted be recorded as
// printed, and the outbox and the audit go on, so a full disk never loses an accepted record. Issuing resumes
// by itself once space returns.
#pragma once

#include <cstdint>
#include <filesystem>

#include "yici/hal/health.hpp"

namespace yici::ticket {

class StorageCheck {
  public:
    static constexpr std::uint64_t default_reserve = 4 * 1024 * 1024;

    explicit StorageCheck(std::filesystem::path data_dir, std::uint64_t reserve = default_reserve);

    // ok; or critical storage_full (the detail says how much is free of how much).
    hal::Health health() const;

  private:
    std::filesystem::path data_dir_;
    std::uint64_t reserve_;
};

}  // namespace yici::ticket
