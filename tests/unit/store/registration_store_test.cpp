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
        r.record.priority = "normal";
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
    CHECK(*b.registrations.purgeDelivered(1'000'000 + 30 * day, day, false, "t") == 0);  // never acked: kept
    CHECK(b.registrations.sealedFields(r.registration.id)->has_value());
    b.ack(r.registration.id, 2'000'000);
    CHECK(*b.registrations.purgeDelivered(2'000'000 + day - 1, day, false, "t") == 0);  // within retention
    CHECK(*b.registrations.purgeDelivered(2'000'000 + day, day, false, "t") == 1);
    CHECK_FALSE(b.registrations.sealedFields(r.registration.id)->has_value());
    // The record itself stays (without personal data) and the purge is audited.
    CHECK(b.registrations.find(r.registration.id)->has_value());
    auto audit = b.db.prepare("SELECT count(*) FROM audit WHERE action = 'personal_data_purged'");
    REQUIRE(*audit->step());
    CHECK(audit->integer(0) == 1);
}

TEST_CASE("in a hall without a server the retention counts from the registration itself") {
    Bench b;
    const auto r = b.create("re-transfer", "key-a", 1'000'000);
    CHECK(*b.registrations.purgeDelivered(1'000'000 + 3600, 3600, true, "t") == 1);
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
    r.record.priority = "normal";
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
