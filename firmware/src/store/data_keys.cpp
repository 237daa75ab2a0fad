// Per-day data keys in the data_keys table, opened with the device key and kept open in guarded memory.
#include "store/data_keys.hpp"

#include <fmt/format.h>

#include <chrono>

#include "privacy/errors.hpp"

namespace yici::store {

Expected<const privacy::Vault*> DataKeys::load(const std::string& day) {
    if (auto it = open_.find(day); it != open_.end()) return &it->second;
    auto stmt = db_->prepare("SELECT wrapped FROM data_keys WHERE day = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, day);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return nullptr;
    auto vault = device_->openDataKey(stmt->blob(0));
    if (!vault) {
        return fail(privacy::Errc::privacy_record_unreadable,
                    fmt::format("the data key of {} does not open with the device key", day));
    }
    return &open_.insert_or_assign(day, std::move(*vault)).first->second;
}

Expected<const privacy::Vault*> DataKeys::forDay(const std::string& day) {
    auto loaded = load(day);
    if (!loaded || *loaded != nullptr) return loaded;
    auto fresh = device_->newDataKey();
    if (!fresh) return std::unexpected(fresh.error());
    auto add = db_->prepare("INSERT INTO data_keys (day, wrapped, created_unix) VALUES (?1, ?2, ?3)");
    if (!add) return std::unexpected(add.error());
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    add->bind(1, day).bindBlob(2, fresh->wrapped).bind(3, std::int64_t{now});
    if (auto ok = add->run(); !ok) return std::unexpected(ok.error());
    return &open_.insert_or_assign(day, std::move(fresh->vault)).first->second;
}

Expected<std::string> DataKeys::open(const SealedFields& sealed) {
    if (!sealed.key_day) return device_->unseal(sealed.bytes);
    auto key = load(*sealed.key_day);
    if (!key) return std::unexpected(key.error());
    if (*key == nullptr) {
        return fail(privacy::Errc::privacy_record_unreadable,
                    fmt::format("the data key of {} was destroyed", *sealed.key_day));
    }
    return (*key)->unseal(sealed.bytes);
}

Expected<std::vector<std::string>> DataKeys::daysToShred(const std::string& today) {
    auto due = db_->prepare(
        "SELECT day FROM data_keys k WHERE day < ?1 AND NOT EXISTS "
        "(SELECT 1 FROM registrations r WHERE r.key_day = k.day AND r.pii IS NOT NULL)");
    if (!due) return std::unexpected(due.error());
    due->bind(1, today);
    std::vector<std::string> days;
    while (true) {
        auto row = due->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return days;
        days.push_back(due->text(0));
    }
}

Expected<int> DataKeys::shred(const std::string& today) {
    auto due = daysToShred(today);
    if (!due) return std::unexpected(due.error());
    const std::vector<std::string>& days = *due;
    for (const auto& day : days) {
        auto drop = db_->prepare("DELETE FROM data_keys WHERE day = ?1");
        if (!drop) return std::unexpected(drop.error());
        drop->bind(1, day);
        if (auto ok = drop->run(); !ok) return std::unexpected(ok.error());
        open_.erase(day);
    }
    // secure_delete zeroed the key in the database page; copying the WAL back and truncating it drops the
    // frames that still held it.
    if (!days.empty()) (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return static_cast<int>(days.size());
}

}  // namespace yici::store
