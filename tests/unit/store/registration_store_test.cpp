// Registrations in SQLite: repeat visits, sealed fields, purge after delivery and retention.
#include <doctest/doctest.h>

#include "store/registration_store.hpp"
#include "store/schema.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

struct Bench {
    testing::TempDir dir;
    store::Database db = std::move(*store::openDatabase(dir.path() / "yici.db"));
    store::RegistrationStore registrations{db};

    store::Created create(std::string service, std::string citizen, std::int64_t at = 1'000'000) {
        store::NewRegistration r;
        r.record.day = "2026-11-28";
        r.record.service_id = std::move(service);
        r.record.category = "real_estate";
        r.record.priority = queue::Priority::normal;
        r.record.missing_materials = {"property_certificate"};
        r.record.created_at = "2026-11-28T09:00:00+08:00";
        r.record.created_at_unix = at;
        r.compact_day = "20261128";
        r.citizen_key = std::move(citizen);
        r.sealed = {1, 2, 3, 4};
        auto created = registrations.create(r);
        REQUIRE_MESSAGE(created.has_value(), created.error().message);
        return *created;
    }

    // The purge with 1 day after delivery and 3 days at most.
    store::Purged purge(std::int64_t now, bool standalone = false) {
        auto purged = registrations.purge({.now_unix = now,
                                           .retention_s = 24 * 3600,
                                           .max_retention_s = 72 * 3600,
                                           .standalone = standalone,
                                           .now_iso = "t"});
        REQUIRE_MESSAGE(purged.has_value(), purged.error().message);
        return *purged;
    }

    std::string column(std::string_view sql) {
        auto stmt = db.prepare(sql);
        REQUIRE(*stmt->step());
        return stmt->optionalText(0).value_or("NULL");
    }

    void ack(const std::string& registration_id, std::int64_t at) {
        auto stmt = db.prepare("UPDATE outbox SET acked_at = ?2 WHERE id = ?1");
        stmt->bind(1, registration_id + "/created").bind(2, at);
        REQUIRE(stmt->run().has_value());
    }
};

}  // namespace

TEST_CASE("the same citizen, item and day gives back the first registration; another item is new") {
    Bench b;
    const auto first = b.create("re-transfer", "key-a");
    CHECK_FALSE(first.existing);
    CHECK(first.registration.code.size() == 6);
    CHECK(first.registration.id == "20261128-" + first.registration.code);
    const auto again = b.create("re-transfer", "key-a");
    CHECK(again.existing);
    CHECK(again.registration.code == first.registration.code);
    CHECK(again.registration.missing_materials == std::vector<std::string>{"property_certificate"});
    CHECK_FALSE(b.create("re-mortgage", "key-a").existing);
    CHECK_FALSE(b.create("re-transfer", "key-b").existing);
}

TEST_CASE("codes avoid look-alike characters") {
    for (int i = 0; i < 200; ++i) {
        const auto code = store::newRegistrationCode();
        CHECK(code.find_first_of("01OIL") == std::string::npos);
    }
}

TEST_CASE("personal fields stay until the hall acknowledged them and retention has passed") {
    Bench b;
    const auto r = b.create("re-transfer", "key-a", 1'000'000);
    const std::int64_t day = 24 * 3600;
    CHECK(b.purge(1'000'000 + 2 * day).delivered == 0);  // never acked, within the 3 days: kept
    CHECK(b.registrations.sealedFields(r.registration.id)->has_value());
    b.ack(r.registration.id, 1'000'000 + day);
    CHECK(b.purge(1'000'000 + 2 * day - 1).delivered == 0);  // within retention
    CHECK(b.purge(1'000'000 + 2 * day).delivered == 1);
    CHECK_FALSE(b.registrations.sealedFields(r.registration.id)->has_value());
    // The record itself stays (without personal data) and the purge is audited.
    CHECK(b.registrations.find(r.registration.id)->has_value());
    CHECK(b.column("SELECT count(*) FROM audit WHERE action = 'personal_data_purged'") == "1");
    // Nothing derived from the card is left: not the keyed hash of the number (all 10^11 numbers can be
    // tried against it), not the priority's reasons, not the face check, not the delivered event.
    CHECK(b.column("SELECT citizen_key FROM registrations") == "purged:" + r.registration.id);
    CHECK(b.column("SELECT priority_reasons FROM registrations") == "[]");
    CHECK(b.column("SELECT face_check FROM registrations") == "NULL");
    CHECK(b.column("SELECT data FROM outbox") == "{}");
    CHECK(b.purge(1'000'000 + 9 * day).delivered == 0);  // once
}

TEST_CASE("after max retention the personal fields go even if the hall never acknowledged them, audited") {
    Bench b;
    const auto r = b.create("re-transfer", "key-a", 1'000'000);
    const std::int64_t hour = 3600;
    CHECK(b.purge(1'000'000 + 72 * hour - 1).undelivered == 0);
    const auto purged = b.purge(1'000'000 + 72 * hour);
    CHECK(purged.undelivered == 1);
    CHECK(purged.delivered == 0);
    CHECK_FALSE(b.registrations.sealedFields(r.registration.id)->has_value());
    CHECK(b.column("SELECT detail FROM audit WHERE action = 'personal_data_purged_undelivered'") ==
          R"({"reason":"max_retention"})");
    // The event still goes to the hall, saying its personal fields are gone.
    const auto data = b.column("SELECT data FROM outbox WHERE acked_at IS NULL");
    CHECK(data.find(R"("personal_purged":true)") != std::string::npos);
    CHECK(data.find(r.registration.code) != std::string::npos);
}

TEST_CASE("in a hall without a server the retention counts from the registration itself") {
    Bench b;
    const auto r = b.create("re-transfer", "key-a", 1'000'000);
    CHECK(b.purge(1'000'000 + 24 * 3600, true).delivered == 1);
    CHECK_FALSE(b.registrations.sealedFields(r.registration.id)->has_value());
}

TEST_CASE("a registration writes one audit row and one outbox event, neither with personal data") {
    Bench b;
    const auto r = b.create("re-transfer", "key-a");
    auto rows = b.db.prepare("SELECT type, data FROM outbox");
    REQUIRE(*rows->step());
    CHECK(rows->text(0) == "registration_created");
    CHECK(rows->text(1).find(r.registration.code) != std::string::npos);
    CHECK(rows->text(1).find("key-a") == std::string::npos);
}

TEST_CASE("the face check's decision and score are kept with the registration and told to the hall") {
    Bench b;
    store::NewRegistration r;
    r.record.day = "2026-11-28";
    r.record.service_id = "ca-marriage";
    r.record.category = "civil_affairs";
    r.record.priority = queue::Priority::normal;
    r.record.created_at = "2026-11-28T09:00:00+08:00";
    r.record.created_at_unix = 1'000'000;
    r.record.face_decision = "match";
    r.record.face_score = 0.625;
    r.compact_day = "20261128";
    r.citizen_key = "key-a";
    r.sealed = {1, 2, 3, 4};
    const auto created = b.registrations.create(r);
    REQUIRE(created.has_value());
    CHECK(created->registration.face_decision == "match");
    REQUIRE(created->registration.face_score.has_value());
    CHECK(*created->registration.face_score == doctest::Approx(0.625));
    const auto stored = b.registrations.find(created->registration.id);
    REQUIRE(stored.has_value());
    REQUIRE(stored->has_value());
    CHECK((*stored)->face_decision == "match");
    CHECK((*stored)->face_score.value_or(0) == doctest::Approx(0.625));
    auto rows = b.db.prepare("SELECT data FROM outbox");
    REQUIRE(*rows->step());
    CHECK(rows->text(0).find(R"("face_check":{"decision":"match","score":)") != std::string::npos);

    // Items without a face check carry none.
    const auto plain = b.create("re-transfer", "key-b");
    CHECK(plain.registration.face_decision.empty());
    CHECK_FALSE(plain.registration.face_score.has_value());
}
