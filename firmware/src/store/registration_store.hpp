// Pre-registrations: committed with their personal fields sealed (see store/data_keys.hpp), found again by
// the citizen's keyed hash on a repeat visit, and stripped of personal data once delivered and past
// retention. Runs on the store thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "queue/priority.hpp"
#include "store/data_keys.hpp"
#include "store/database.hpp"

namespace yici::store {

struct Registration {
    std::string id;    // "20261128-K7M2QX"
    std::string code;  // "K7M2QX": printed on the ticket and said at the window
    std::string day;
    std::string service_id;
    std::string category;
    bool has_card = true;
    queue::Priority priority = queue::Priority::normal;  // normal, or elderly (the card proves the age)
    std::vector<std::string> priority_reasons;           // "elderly"
    // A priority the citizen claimed (a declared need, an appointment code): its ticket waits as normal until
    // staff confirm it. Why is never stored.
    bool priority_claim = false;
    std::vector<std::string> missing_materials;  // material ids the citizen did not tick
    std::string created_at;
    std::int64_t created_at_unix = 0;
    std::string ticket_id;  // empty until its ticket is committed
    // The face check, when the item needed one: "match", or why staff verify ("no_match", "not_live",
    // "unavailable", "skipped"); the cosine score when faces were compared. Never an image.
    std::string face_decision;
    std::optional<double> face_score;
};

struct NewRegistration {
    Registration record;  // id and code are assigned by create()
    std::string compact_day;
    std::string key_day;               // the day whose data key (store/data_keys.hpp) sealed them
    std::string citizen_key;           // citizenKey of the ID number under that key; random without a card
    std::vector<std::uint8_t> sealed;  // the personal fields sealed with that key
};

struct Created {
    Registration registration;
    bool existing = false;  // the same citizen registered for the same item today: this is that one
};

struct PurgeRule {
    std::int64_t now_unix = 0;
    std::int64_t retention_s = 0;      // after delivery
    std::int64_t max_retention_s = 0;  // after creation, delivered or not
    bool standalone = false;           // a hall without a server: nothing is ever delivered
    std::string_view now_iso;
};

struct Purged {
    int delivered = 0;
    int undelivered = 0;  // past max_retention_s before the hall acknowledged them
};

class RegistrationStore {
  public:
    explicit RegistrationStore(Database& db) : db_(&db) {}

    Expected<Created> create(const NewRegistration& request);
    Expected<std::optional<Registration>> find(std::string_view id);
    // The sealed personal fields, nullopt once purged.
    Expected<std::optional<SealedFields>> sealedFields(std::string_view id);
    // Erases the personal fields, and every column derived from them, of registrations delivered more
    // than `retention_s` ago (acknowledged by the hall, or, in a hall without a server, created then) and
    // of every registration created more than `max_retention_s` ago, delivered or not. Each is audited.
    Expected<Purged> purge(const PurgeRule& rule);

  private:
    Expected<std::optional<Registration>> findWhere(std::string_view where, std::string_view a,
                                                    std::string_view b = {}, std::string_view c = {});
    Database* db_;
};

// A short code from an alphabet without look-alikes (no 0/O, 1/I/L).
std::string newRegistrationCode();

}  // namespace yici::store
