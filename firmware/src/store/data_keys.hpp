// Per-day data keys: each day's personal fields are sealed with that day's own random key, stored wrapped by
// the device key; deleting a day's key (crypto-shredding) leaves every copy of its records unreadable, in old
// WAL frames and disk images too. Runs on the store thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "privacy/vault.hpp"
#include "store/database.hpp"

namespace yici::store {

// A registration's sealed personal fields and the day whose key sealed them (nullopt: the device key itself,
// for records sealed before per-day keys).
struct SealedFields {
    std::vector<std::uint8_t> bytes;
    std::optional<std::string> key_day;
};

class DataKeys {
  public:
    DataKeys(Database& db, const privacy::Vault& device) : db_(&db), device_(&device) {}

    // The key of `day` ("2026-12-04"), made and committed on first use.
    Expected<const privacy::Vault*> forDay(const std::string& day);
    Expected<std::string> open(const SealedFields& sealed);
    // Destroys the key of every day before `today` none of whose registrations still holds personal fields;
    // returns how many keys it destroyed.
    Expected<int> shred(const std::string& today);

  private:
    Expected<const privacy::Vault*> load(const std::string& day);
    Expected<std::vector<std::string>> daysToShred(const std::string& today);

    Database* db_;
    const privacy::Vault* device_;
    std::map<std::string, privacy::Vault, std::less<>> open_;
};

}  // namespace yici::store
