// The technician PIN back-off, one row in the database (table pin_attempts), so a restart keeps it.
#include "store/pin_attempts_store.hpp"

namespace yici::store {

Expected<PinAttempts> PinAttemptStore::load() {
    auto stmt = db_->prepare("SELECT wrong_in_a_row, next_try_unix FROM pin_attempts WHERE id = 1");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return PinAttempts{};
    return PinAttempts{.wrong_in_a_row = static_cast<int>(stmt->integer(0)),
                       .next_try_unix = stmt->integer(1)};
}

Expected<void> PinAttemptStore::save(const PinAttempts& attempts) {
    auto stmt = db_->prepare(
        "INSERT INTO pin_attempts (id, wrong_in_a_row, next_try_unix) VALUES (1, ?1, ?2) "
        "ON CONFLICT (id) DO UPDATE SET wrong_in_a_row = excluded.wrong_in_a_row, "
        "next_try_unix = excluded.next_try_unix");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, std::int64_t{attempts.wrong_in_a_row}).bind(2, attempts.next_try_unix);
    return stmt->run();
}

}  // namespace yici::store
