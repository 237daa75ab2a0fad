// The technician PIN back-off, a row per staff card in the database (table pin_attempts), so a restart keeps
// it.
#include "store/pin_attempts_store.hpp"

namespace yici::store {

Expected<PinAttempts> PinAttemptStore::load(const std::string& card) {
    auto stmt = db_->prepare("SELECT wrong_in_a_row, next_try_unix FROM pin_attempts WHERE card = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, card);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return PinAttempts{};
    return PinAttempts{.wrong_in_a_row = static_cast<int>(stmt->integer(0)),
                       .next_try_unix = stmt->integer(1)};
}

Expected<void> PinAttemptStore::save(const std::string& card, const PinAttempts& attempts) {
    auto stmt = db_->prepare(
        "INSERT INTO pin_attempts (card, wrong_in_a_row, next_try_unix) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (card) DO UPDATE SET wrong_in_a_row = excluded.wrong_in_a_row, "
        "next_try_unix = excluded.next_try_unix");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, card).bind(2, std::int64_t{attempts.wrong_in_a_row}).bind(3, attempts.next_try_unix);
    return stmt->run();
}

}  // namespace yici::store
