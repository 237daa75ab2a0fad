// The paper roll's one row.
#include "store/paper_roll_store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>

#include "store/internal/journal.hpp"

namespace yici::store {

Expected<PaperRollState> PaperRollStore::load() {
    auto stmt = db_->prepare("SELECT used_rows, cuts, started_unix FROM paper_roll WHERE id = 1");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return PaperRollState{};
    return PaperRollState{
        .used_rows = stmt->integer(0), .cuts = stmt->integer(1), .started_unix = stmt->integer(2)};
}

Expected<void> PaperRollStore::printed(std::int64_t rows) {
    auto stmt = db_->prepare(
        "INSERT INTO paper_roll (id, used_rows, cuts, started_unix) VALUES (1, ?1, 1, 0) "
        "ON CONFLICT (id) DO UPDATE SET used_rows = used_rows + excluded.used_rows, cuts = cuts + 1");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, rows);
    return stmt->run();
}

Expected<void> PaperRollStore::replaced(std::int64_t at_unix, std::string_view at, std::string_view by) {
    return inTransaction(*db_, [&]() -> Expected<void> {
        const auto before = load();
        if (!before) return std::unexpected(before.error());
        auto stmt = db_->prepare(
            "INSERT INTO paper_roll (id, used_rows, cuts, started_unix) VALUES (1, 0, 0, ?1) "
            "ON CONFLICT (id) DO UPDATE SET used_rows = 0, cuts = 0, started_unix = excluded.started_unix");
        if (!stmt) return std::unexpected(stmt.error());
        stmt->bind(1, at_unix);
        if (auto ok = stmt->run(); !ok) return ok;
        const std::string detail = boost::json::serialize(
            boost::json::object{{"used_rows", before->used_rows}, {"cuts", before->cuts}});
        return appendAudit(*db_, {at, by, "paper_roll_replaced", "printer", detail});
    });
}

}  // namespace yici::store
