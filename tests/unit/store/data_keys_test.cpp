// Per-day data keys: one per day, wrapped by the device key, and destroyed once their day holds no personal
// data, so a purged day's records cannot be opened even from the database file or its WAL.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "privacy/errors.hpp"
#include "store/data_keys.hpp"
#include "store/registration_store.hpp"
#include "store/schema.hpp"
#include "testing.hpp"

using namespace yici;

namespace {

struct KeysBench {
    testing::TempDir dir;
    store::Database db = std::move(*store::openDatabase(dir.path() / "yici.db"));
    privacy::Vault device = std::move(*privacy::Vault::open(dir.path() / "device.key"));
    store::DataKeys keys{db, device};
    store::RegistrationStore registrations{db};

    // A registration of `day` with `plain` sealed under that day's key.
    store::Registration create(const std::string& day, std::string_view plain, std::string citizen,
                               std::int64_t at = 1'000'000) {
        auto key = keys.forDay(day);
        REQUIRE_MESSAGE(key.has_value(), key.error().message);
        store::NewRegistration r;
        r.record.day = day;
        r.record.service_id = "re-transfer";
        r.record.category = "real_estate";
        r.record.created_at = day + "T09:00:00+08:00";
        r.record.created_at_unix = at;
        r.compact_day = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
        r.key_day = day;
        r.citizen_key = (*key)->citizenKey(citizen);
        r.sealed = (*key)->seal(plain);
        auto created = registrations.create(r);
        REQUIRE_MESSAGE(created.has_value(), created.error().message);
        return created->registration;
    }

    std::string fileBytes(const char* name) {
        std::ifstream in(dir.path() / name, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
};

}  // namespace

TEST_CASE("a day's key seals its records, survives a restart, and only the device key opens it") {
    KeysBench b;
    const auto r = b.create("2026-12-03", "personal fields of 3 Dec", "330324198506121230");
    auto first = b.keys.forDay("2026-12-03");
    auto again = b.keys.forDay("2026-12-03");
    CHECK(*first == *again);
    CHECK(*b.keys.forDay("2026-12-04") != *first);  // each day its own key

    auto sealed = b.registrations.sealedFields(r.id);
    REQUIRE((*sealed)->key_day == "2026-12-03");
    CHECK_FALSE(b.device.unseal((*sealed)->bytes).has_value());  // the device key alone opens nothing

    store::DataKeys restarted(b.db, b.device);
    auto opened = restarted.open(**sealed);
    REQUIRE_MESSAGE(opened.has_value(), opened.error().message);
    CHECK(*opened == "personal fields of 3 Dec");

    auto other = privacy::Vault::open(b.dir.path() / "another-device.key");
    store::DataKeys stolen(b.db, *other);
    auto refused = stolen.open(**sealed);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().code == privacy::Errc::privacy_record_unreadable);
}

TEST_CASE("records sealed with the device key before per-day keys still open") {
    KeysBench b;
    const store::SealedFields legacy{b.device.seal("sealed before step 6"), std::nullopt};
    CHECK(*b.keys.open(legacy) == "sealed before step 6");
}

TEST_CASE("a past day's key is destroyed once none of its registrations holds personal data, never before") {
    KeysBench b;
    const auto old_day = b.create("2026-12-01", "fields of 1 Dec", "330324198506121230");
    const auto kept_day = b.create("2026-12-02", "fields of 2 Dec", "330324198506121230", 1'000'000 + 86'400);
    (void)b.keys.forDay("2026-12-04");  // today's key, with nothing sealed yet
    auto old_sealed = **b.registrations.sealedFields(old_day.id);
    const std::string wrapped_bytes = [&b] {
        auto read = b.db.prepare("SELECT wrapped FROM data_keys WHERE day = '2026-12-01'");
        REQUIRE(*read->step());
        const auto wrapped = read->blob(0);
        return std::string(wrapped.begin(), wrapped.end());
    }();

    // Nothing is shredded while the records still hold their fields.
    CHECK(*b.keys.shred("2026-12-04") == 0);

    // Only 1 Dec's record is past the 72 h that personal fields are kept, delivered or not.
    auto purged = b.registrations.purge({.now_unix = 1'000'000 + 72 * 3600,
                                         .retention_s = 24 * 3600,
                                         .max_retention_s = 72 * 3600,
                                         .now_iso = "t"});
    REQUIRE(purged->undelivered == 1);
    CHECK(*b.keys.shred("2026-12-04") == 1);

    auto gone = b.keys.open(old_sealed);
    REQUIRE_FALSE(gone.has_value());
    CHECK(gone.error().message.find("destroyed") != std::string::npos);
    CHECK(b.keys.open(**b.registrations.sealedFields(kept_day.id)).has_value());
    CHECK(b.keys.forDay("2026-12-04").has_value());

    // A fresh process with the device key cannot open the old record either: no wrapped key is left in the
    // database file or its WAL.
    store::DataKeys restarted(b.db, b.device);
    CHECK_FALSE(restarted.open(old_sealed).has_value());
    CHECK(b.fileBytes("yici.db").find(wrapped_bytes) == std::string::npos);
    CHECK(b.fileBytes("yici.db-wal").find(wrapped_bytes) == std::string::npos);
}
