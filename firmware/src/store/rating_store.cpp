// Ratings, with the audit row and the outbox event in the same transaction.
#include "store/rating_store.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "store/errors.hpp"
#include "store/internal/journal.hpp"

namespace yici::store {

Expected<void> RatingStore::add(const Rating& r) {
    return inTransaction(*db_, [&]() -> Expected<void> {
        auto seen = db_->prepare("SELECT 1 FROM ratings WHERE ticket_id = ?1");
        if (!seen) return std::unexpected(seen.error());
        seen->bind(1, r.ticket_id);
        auto row = seen->step();
        if (!row) return std::unexpected(row.error());
        if (*row) return fail(Errc::already_rated, "ticket " + r.ticket_id + " was rated before");

        boost::json::array reasons;
        for (const auto& reason : r.reasons) reasons.emplace_back(reason);
        const std::string reasons_json = boost::json::serialize(reasons);
        auto add = db_->prepare(
            "INSERT INTO ratings (ticket_id, window, score, reasons, rated_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!add) return std::unexpected(add.error());
        add->bind(1, r.ticket_id).bind(3, std::int64_t{r.score}).bind(4, reasons_json).bind(5, r.rated_at);
        if (r.window.empty()) {
            add->bindNull(2);
        } else {
            add->bind(2, r.window);
        }
        if (auto ok = add->run(); !ok) return ok;
        const std::string detail = boost::json::serialize(boost::json::object{{"score", r.score}});
        if (auto ok = appendAudit(*db_, {r.rated_at, "citizen", "ticket_rated", r.ticket_id, detail}); !ok)
            return ok;
        const boost::json::object event{{"ticket_id", r.ticket_id},
                                        {"window", r.window},
                                        {"score", r.score},
                                        {"reasons", reasons},
                                        {"rated_at", r.rated_at}};
        return enqueueEvent(*db_, r.ticket_id + "/rated", "rating", r.rated_at,
                            boost::json::serialize(event));
    });
}

}  // namespace yici::store
