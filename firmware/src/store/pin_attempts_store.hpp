// The technician login's back-off state per staff card, in the database so that a restart does not reset it.
// Runs on the store thread.
#pragma once

#include <cstdint>
#include <string>

#include "base/error.hpp"
#include "store/database.hpp"

namespace yici::store {

struct PinAttempts {
    int wrong_in_a_row = 0;
    std::int64_t next_try_unix = 0;  // no PIN is checked before this (wall clock, unix seconds)
    bool operator==(const PinAttempts&) const = default;
};

class PinAttemptStore {
  public:
    explicit PinAttemptStore(Database& db) : db_(&db) {}
    // `card`: the staff card's keyed hash (privacy::Vault::staffCardKey). All zero when nothing was stored.
    Expected<PinAttempts> load(const std::string& card);
    Expected<void> save(const std::string& card, const PinAttempts& attempts);

  private:
    Database* db_;
};

}  // namespace yici::store
