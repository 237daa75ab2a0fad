// Registrations with audit and outbox rows in the same transaction; personal fields only ever sealed.
#include "store/registration_store.hpp"

#include <sodium.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fmt/format.h>

#include "store/errors.hpp"
#include "store/internal/journal.hpp"

namespace yici::store {
namespace {

namespace json = boost::json;

constexpr std::string_view code_alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::string_view columns =
    "id, code, day, service_id, category, has_card, priority, priority_reasons, missing_materials, "
    "created_at, "
    "created_at_unix, ticket_id, face_check, priority_claim";

std::string jsonList(const std::vector<std::string>& items) {
    json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return json::serialize(a);
}

std::vector<std::string> listFrom(const std::string& text) {
    boost::system::error_code ec;
    const json::value v = json::parse(text, ec);
    std::vector<std::string> out;
    if (const json::array* a = ec ? nullptr : v.if_array()) {
        for (const auto& item : *a) {
            if (const json::string* s = item.if_string()) out.emplace_back(*s);
        }
    }
    return out;
}

Registration readRegistration(const Statement& row) {
    Registration r;
    r.id = row.text(0);
    r.code = row.text(1);
    r.day = row.text(2);
    r.service_id = row.text(3);
    r.category = row.text(4);
    r.has_card = row.integer(5) != 0;
    r.priority =
        queue::priorityFrom(row.text(6)).value_or(queue::Priority::normal);  // only its names are written
    r.priority_reasons = listFrom(row.text(7));
    r.missing_materials = listFrom(row.text(8));
    r.created_at = row.text(9);
    r.created_at_unix = row.integer(10);
    r.ticket_id = row.optionalText(11).value_or("");
    r.priority_claim = row.integer(13) != 0;
    if (auto face = row.optionalText(12)) {
        boost::system::error_code ec;
        const json::value v = json::parse(*face, ec);
        if (const json::object* o = ec ? nullptr : v.if_object()) {
            if (const json::string* d = o->contains("decision") ? o->at("decision").if_string() : nullptr)
                r.face_decision = *d;
            if (const json::value* score = o->if_contains("score"); score != nullptr && score->is_number())
                r.face_score = score->to_number<double>();
        }
    }
    return r;
}

// {"decision", "score"} or null: the face check as stored and as the hall receives it.
json::value faceCheck(const Registration& r) {
    if (r.face_decision.empty()) return nullptr;
    return json::object{{"decision", r.face_decision},
                        {"score", r.face_score ? json::value(*r.face_score) : json::value(nullptr)}};
}

// What the hall receives about a registration, without the personal fields (they are added, decrypted,
// only when the event is sent).
std::string registrationEvent(const Registration& r) {
    json::object o{{"registration_id", r.id},
                   {"code", r.code},
                   {"service_id", r.service_id},
                   {"category", r.category},
                   {"has_card", r.has_card},
                   {"priority", queue::priorityName(r.priority)},
                   {"priority_reasons", json::parse(jsonList(r.priority_reasons))},
                   {"priority_claim", r.priority_claim},
                   {"missing_materials", json::parse(jsonList(r.missing_materials))},
                   {"created_at", r.created_at},
                   {"face_check", faceCheck(r)}};
    return json::serialize(o);
}

}  // namespace

std::string newRegistrationCode() {
    std::string code(6, ' ');
    for (char& c : code)
        c = code_alphabet[randombytes_uniform(static_cast<std::uint32_t>(code_alphabet.size()))];
    return code;
}

Expected<std::optional<Registration>> RegistrationStore::findWhere(std::string_view where, std::string_view a,
                                                                   std::string_view b, std::string_view c) {
    auto stmt = db_->prepare(fmt::format("SELECT {} FROM registrations WHERE {}", columns, where));
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, a);
    if (!b.empty()) stmt->bind(2, b);
    if (!c.empty()) stmt->bind(3, c);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<Registration>{};
    return std::optional<Registration>(readRegistration(*stmt));
}

Expected<std::optional<Registration>> RegistrationStore::find(std::string_view id) {
    return findWhere("id = ?1", id);
}

Expected<Created> RegistrationStore::create(const NewRegistration& request) {
    return inTransaction(*db_, [&]() -> Expected<Created> {
        const Registration& in = request.record;
        auto earlier = findWhere("day = ?1 AND service_id = ?2 AND citizen_key = ?3", in.day, in.service_id,
                                 request.citizen_key);
        if (!earlier) return std::unexpected(earlier.error());
        if (*earlier) return Created{std::move(**earlier), true};

        Registration r = in;
        for (int attempt = 0;; ++attempt) {
            r.code = newRegistrationCode();
            auto taken = findWhere("code = ?1", r.code);
            if (!taken) return std::unexpected(taken.error());
            if (!*taken) break;
            if (attempt == 20)
                return fail(Errc::storage_error, "no free registration code after 20 attempts");
        }
        r.id = fmt::format("{}-{}", request.compact_day, r.code);
        auto add = db_->prepare(
            "INSERT INTO registrations (id, code, day, service_id, category, citizen_key, has_card, "
            "priority, "
            "priority_reasons, missing_materials, created_at, created_at_unix, pii, face_check, key_day, "
            "priority_claim) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        if (!add) return std::unexpected(add.error());
        add->bind(1, r.id).bind(2, r.code).bind(3, r.day).bind(4, r.service_id).bind(5, r.category);
        add->bind(6, request.citizen_key)
            .bind(7, std::int64_t{r.has_card ? 1 : 0})
            .bind(8, queue::priorityName(r.priority));
        add->bind(9, jsonList(r.priority_reasons)).bind(10, jsonList(r.missing_materials));
        add->bind(11, r.created_at).bind(12, r.created_at_unix).bindBlob(13, request.sealed);
        if (const json::value face = faceCheck(r); face.is_null()) {
            add->bindNull(14);
        } else {
            add->bind(14, json::serialize(face));
        }
        add->bind(15, request.key_day).bind(16, std::int64_t{r.priority_claim ? 1 : 0});
        if (auto ok = add->run(); !ok) return std::unexpected(ok.error());
        const std::string detail = json::serialize(json::object{{"service_id", r.service_id},
                                                                {"priority", queue::priorityName(r.priority)},
                                                                {"has_card", r.has_card}});
        if (auto ok = appendAudit(*db_, {r.created_at, "citizen", "registration_created", r.id, detail}); !ok)
            return std::unexpected(ok.error());
        if (auto ok = enqueueEvent(*db_, r.id + "/created", "registration_created", r.created_at,
                                   registrationEvent(r));
            !ok) {
            return std::unexpected(ok.error());
        }
        return Created{std::move(r), false};
    });
}

Expected<std::optional<SealedFields>> RegistrationStore::sealedFields(std::string_view id) {
    auto stmt = db_->prepare("SELECT pii, key_day FROM registrations WHERE id = ?1 AND pii IS NOT NULL");
    if (!stmt) return std::unexpected(stmt.error());
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<SealedFields>{};
    return std::optional<SealedFields>(SealedFields{stmt->blob(0), stmt->optionalText(1)});
}

Expected<Purged> RegistrationStore::purge(const PurgeRule& rule) {
    const std::int64_t delivered_before = rule.now_unix - rule.retention_s;
    const std::int64_t created_before = rule.now_unix - rule.max_retention_s;
    auto purged = inTransaction(*db_, [&]() -> Expected<Purged> {
        auto due = db_->prepare(
            "SELECT r.id, (o.acked_at IS NOT NULL AND o.acked_at <= ?1) OR (?2 = 1 AND r.created_at_unix <= "
            "?1) "
            "FROM registrations r LEFT JOIN outbox o ON o.id = r.id || '/created' "
            "WHERE r.purged_at IS NULL AND ((o.acked_at IS NOT NULL AND o.acked_at <= ?1) OR "
            "(?2 = 1 AND r.created_at_unix <= ?1) OR r.created_at_unix <= ?3)");
        if (!due) return std::unexpected(due.error());
        due->bind(1, delivered_before).bind(2, std::int64_t{rule.standalone ? 1 : 0}).bind(3, created_before);
        std::vector<std::pair<std::string, bool>> rows;
        while (true) {
            auto row = due->step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            rows.emplace_back(due->text(0), due->integer(1) != 0);
        }
        Purged counts;
        for (const auto& [id, delivered] : rows) {
            // The sealed fields and what was derived from them: the keyed hash of the ID number (it finds
            // the number again by trying all), the priority's reasons, the face check.
            auto erase = db_->prepare(
                "UPDATE registrations SET pii = NULL, citizen_key = 'purged:' || id, priority_reasons = "
                "'[]', "
                "face_check = NULL, purged_at = ?2 WHERE id = ?1");
            if (!erase) return std::unexpected(erase.error());
            erase->bind(1, id).bind(2, rule.now_unix);
            if (auto ok = erase->run(); !ok) return std::unexpected(ok.error());
            // The hall's copy is out: an acknowledged event keeps nothing; one still waiting keeps what the
            // hall needs of the record, and says its personal fields are gone.
            auto event = db_->prepare(
                "UPDATE outbox SET data = CASE WHEN acked_at IS NOT NULL THEN '{}' ELSE "
                "json_set(data, '$.priority_reasons', json('[]'), '$.face_check', NULL, "
                "'$.personal_purged', json('true')) END WHERE id = ?1 || '/created'");
            if (!event) return std::unexpected(event.error());
            event->bind(1, id);
            if (auto ok = event->run(); !ok) return std::unexpected(ok.error());
            const std::string_view action =
                delivered ? "personal_data_purged" : "personal_data_purged_undelivered";
            const std::string_view detail = delivered ? "{}" : R"({"reason":"max_retention"})";
            if (auto ok = appendAudit(*db_, {rule.now_iso, "kiosk", action, id, detail}); !ok)
                return std::unexpected(ok.error());
            ++(delivered ? counts.delivered : counts.undelivered);
        }
        return counts;
    });
    // secure_delete zeroes the freed bytes in the database pages; copying the WAL back and truncating it
    // removes the old page images from the log too.
    if (purged && purged->delivered + purged->undelivered > 0)
        (void)db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return purged;
}

}  // namespace yici::store
