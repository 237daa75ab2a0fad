// Schema history. Step 1 shipped with queue tickets; step 2 adds the window calls, pre-registrations,
// ratings, the audit trail and the outbox of records for the hall; step 3 the outbox's enqueue time; step 4
// the face check's result on a registration; step 5 the events the kiosk holds back; step 6 the per-day data
// keys; step 7 the technician login's back-off; step 8 priority claims that staff confirm, and no declared
// disability kept anywhere; step 9 the back-off per staff card; step 10 how the printer's answer left a
// printed ticket; step 11 the ticket nobody took from the dispenser; step 12 the reprints (补打) of a ticket;
// step 13 the paper roll in the printer.
#include "store/schema.hpp"

#include <array>

#include "store/integrity.hpp"

namespace yici::store {
namespace {

constexpr std::array<std::string_view, 13> migrations = {
    R"sql(
CREATE TABLE tickets (
    id              TEXT PRIMARY KEY,
    day             TEXT NOT NULL,
    number          TEXT NOT NULL,
    category        TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    priority        TEXT NOT NULL DEFAULT 'normal',
    windows         TEXT NOT NULL,
    issued_at       TEXT NOT NULL,
    issued_at_unix  INTEGER NOT NULL,
    waiting_ahead   INTEGER NOT NULL,
    est_wait_min    INTEGER NOT NULL,
    offline         INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('printing', 'printed', 'voided')),
    void_reason     TEXT,
    called_at       INTEGER,
    idempotency_key TEXT UNIQUE,
    UNIQUE (day, number)
);
CREATE INDEX tickets_by_day_category ON tickets (day, category, status);
CREATE TABLE ticket_counters (
    day    TEXT NOT NULL,
    letter TEXT NOT NULL,  -- numbers are unique per letter, whatever the hall manager renames
    last   INTEGER NOT NULL,
    PRIMARY KEY (day, letter)
);
)sql",
    R"sql(
ALTER TABLE tickets ADD COLUMN registration_id TEXT;
ALTER TABLE tickets ADD COLUMN called_window TEXT;
ALTER TABLE tickets ADD COLUMN completed_at INTEGER;
ALTER TABLE tickets ADD COLUMN est_wait_low_min INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN est_wait_high_min INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_by_window ON tickets (called_window, completed_at);

-- Anti-starvation state of the priority rule: normal tickets called since the last priority one.
CREATE TABLE queue_state (
    day                   TEXT NOT NULL,
    category              TEXT NOT NULL,
    normal_since_priority INTEGER NOT NULL,
    PRIMARY KEY (day, category)
);

-- Exponentially weighted average of the time a window takes per ticket, from completions.
CREATE TABLE service_times (
    category TEXT PRIMARY KEY,
    seconds  REAL NOT NULL,
    samples  INTEGER NOT NULL
);

CREATE TABLE registrations (
    id                TEXT PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,  -- printed on the ticket, said at the window
    day               TEXT NOT NULL,
    service_id        TEXT NOT NULL,
    category          TEXT NOT NULL,
    citizen_key       TEXT NOT NULL,  -- keyed hash of the ID number: finds a repeat visit, reveals nothing
    has_card          INTEGER NOT NULL,
    priority          TEXT NOT NULL,
    priority_reasons  TEXT NOT NULL,  -- JSON array
    missing_materials TEXT NOT NULL,  -- JSON array of material ids
    created_at        TEXT NOT NULL,
    created_at_unix   INTEGER NOT NULL,
    ticket_id         TEXT,
    pii               BLOB,           -- nonce || secretbox(personal fields as JSON); NULL once purged
    purged_at         INTEGER,
    UNIQUE (day, service_id, citizen_key)
);

CREATE TABLE ratings (
    ticket_id TEXT PRIMARY KEY,  -- one rating per ticket
    window    TEXT,
    score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    reasons   TEXT NOT NULL,     -- JSON array of reason ids
    rated_at  TEXT NOT NULL
);

-- Who did what when, for every accepted record; never personal data. Rows can only be added.
CREATE TABLE audit (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;

-- Records the hall must receive, written in the same transaction as the record; acked_at is set when the
-- hall acknowledges the id. Personal fields are not copied here: they are read from their record to send.
CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    id       TEXT NOT NULL UNIQUE,
    type     TEXT NOT NULL,
    at       TEXT NOT NULL,
    data     TEXT NOT NULL,
    acked_at INTEGER
);
)sql",
    R"sql(
-- When each event was enqueued (wall clock, unix seconds), for the age of the oldest undelivered one.
ALTER TABLE outbox ADD COLUMN enqueued_unix INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_pending ON outbox (acked_at, seq);
)sql",
    R"sql(
-- The face check (人证核验) of a registration: {"decision", "score"} as JSON, NULL when none was needed.
ALTER TABLE registrations ADD COLUMN face_check TEXT;
)sql",
    R"sql(
-- An event the kiosk holds back instead of sending: the hall rejected it, or its personal fields cannot be
-- opened. held_reason names why (shown on /health), held_detail says more, retry_unix is when it is offered
-- again. An acknowledgement ends the hold.
ALTER TABLE outbox ADD COLUMN held_reason TEXT;
ALTER TABLE outbox ADD COLUMN held_detail TEXT;
ALTER TABLE outbox ADD COLUMN retry_unix INTEGER;
)sql",
    R"sql(
-- Each day's data key, sealed with the device key; deleted once no registration of its day holds personal
-- fields (crypto-shredding). registrations.key_day names the key its pii was sealed with: NULL for those
-- sealed with the device key itself, before this step.
CREATE TABLE data_keys (
    day          TEXT PRIMARY KEY,
    wrapped      BLOB NOT NULL,
    created_unix INTEGER NOT NULL
);
ALTER TABLE registrations ADD COLUMN key_day TEXT;
)sql",
    R"sql(
-- The technician login's wrong PINs in a row and the earliest time (unix seconds) the next PIN is checked:
-- one row, kept across restarts so that a restart does not reset the back-off.
CREATE TABLE pin_attempts (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    wrong_in_a_row INTEGER NOT NULL,
    next_try_unix  INTEGER NOT NULL
);
)sql",
    R"sql(
-- A priority the citizen claimed (a declared need, an appointment code) waits as a normal ticket until staff
-- confirm it; then priority is 'confirmed'. The claim's reason is never stored: a declared disability is
-- health data. Earlier firmware stored it as priority 'disabled': those become claims, and the copies in the
-- registrations, the events not yet acknowledged and the audit trail lose the word.
ALTER TABLE tickets ADD COLUMN priority_claim INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN priority_claim INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET priority = 'normal', priority_claim = 1 WHERE priority = 'disabled';
UPDATE registrations SET priority = 'normal', priority_claim = 1 WHERE priority = 'disabled';
UPDATE registrations SET priority_reasons =
    (SELECT json_group_array(value) FROM json_each(registrations.priority_reasons) WHERE value != 'disabled')
  WHERE priority_reasons LIKE '%disabled%';
UPDATE outbox SET data = json_set(data, '$.priority', 'normal') WHERE json_extract(data, '$.priority') = 'disabled';
UPDATE outbox SET data = json_set(data, '$.priority_reasons',
    (SELECT json_group_array(value) FROM json_each(outbox.data, '$.priority_reasons') WHERE value != 'disabled'))
  WHERE json_type(data, '$.priority_reasons') = 'array' AND data LIKE '%disabled%';
DROP TRIGGER audit_no_update;
UPDATE audit SET detail = json_set(detail, '$.priority', 'normal') WHERE json_extract(detail, '$.priority') = 'disabled';
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
)sql",
    R"sql(
-- The technician login's back-off counts per staff card (the card's keyed hash, privacy::Vault::staffCardKey),
-- so wrong PINs on one card never keep another staff member out. The one shared row of step 7 goes.
DROP TABLE pin_attempts;
CREATE TABLE pin_attempts (
    card           TEXT PRIMARY KEY,
    wrong_in_a_row INTEGER NOT NULL,
    next_try_unix  INTEGER NOT NULL
);
)sql",
    R"sql(
-- How the printer's answer left a printed ticket: NULL when it acknowledged the cut; 'unconfirmed' when the whole
-- ticket was sent and the printer went silent; 'unknown' when yicid stopped between the commit and the printer's
-- answer. Either waits in the queue: its citizen most likely holds it.
ALTER TABLE tickets ADD COLUMN print_outcome TEXT CHECK (print_outcome IN ('unconfirmed', 'unknown'));
UPDATE tickets SET print_outcome = 'unconfirmed'
  WHERE id IN (SELECT subject FROM audit WHERE action = 'ticket_print_unconfirmed');
)sql",
    R"sql(
-- A ticket the dispenser presented and took back because nobody took it is 'not_taken': no window calls it.
-- SQLite cannot change a CHECK in place, so the table is rebuilt with the same columns.
CREATE TABLE tickets_v11 (
    id                TEXT PRIMARY KEY,
    day               TEXT NOT NULL,
    number            TEXT NOT NULL,
    category          TEXT NOT NULL,
    service_id        TEXT NOT NULL,
    priority          TEXT NOT NULL DEFAULT 'normal',
    windows           TEXT NOT NULL,
    issued_at         TEXT NOT NULL,
    issued_at_unix    INTEGER NOT NULL,
    waiting_ahead     INTEGER NOT NULL,
    est_wait_min      INTEGER NOT NULL,
    offline           INTEGER NOT NULL DEFAULT 0,
    status            TEXT NOT NULL CHECK (status IN ('printing', 'printed', 'voided', 'not_taken')),
    void_reason       TEXT,
    called_at         INTEGER,
    idempotency_key   TEXT UNIQUE,
    registration_id   TEXT,
    called_window     TEXT,
    completed_at      INTEGER,
    est_wait_low_min  INTEGER NOT NULL DEFAULT 0,
    est_wait_high_min INTEGER NOT NULL DEFAULT 0,
    priority_claim    INTEGER NOT NULL DEFAULT 0,
    print_outcome     TEXT CHECK (print_outcome IN ('unconfirmed', 'unknown')),
    UNIQUE (day, number)
);
INSERT INTO tickets_v11 (id, day, number, category, service_id, priority, windows, issued_at, issued_at_unix,
    waiting_ahead, est_wait_min, offline, status, void_reason, called_at, idempotency_key, registration_id,
    called_window, completed_at, est_wait_low_min, est_wait_high_min, priority_claim, print_outcome)
  SELECT id, day, number, category, service_id, priority, windows, issued_at, issued_at_unix,
    waiting_ahead, est_wait_min, offline, status, void_reason, called_at, idempotency_key, registration_id,
    called_window, completed_at, est_wait_low_min, est_wait_high_min, priority_claim, print_outcome
  FROM tickets;
DROP TABLE tickets;
ALTER TABLE tickets_v11 RENAME TO tickets;
CREATE INDEX tickets_by_day_category ON tickets (day, category, status);
CREATE INDEX tickets_by_window ON tickets (called_window, completed_at);
)sql",
    R"sql(
-- How many times staff reprinted the ticket (补打), each with the same number.
ALTER TABLE tickets ADD COLUMN reprints INTEGER NOT NULL DEFAULT 0;
)sql",
    R"sql(
-- The paper roll in the printer: the dot rows and cuts printed since staff put it in, and when that was
-- (unix seconds; 0: never confirmed, the count began with this firmware). One row, kept across restarts.
CREATE TABLE paper_roll (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    used_rows    INTEGER NOT NULL,
    cuts         INTEGER NOT NULL,
    started_unix INTEGER NOT NULL
);
)sql",
};

}  // namespace

std::span<const std::string_view> schemaMigrations() {
    return migrations;
}

Expected<Database> openDatabase(const std::filesystem::path& file) {
    // A damaged file is found before anything is written to it, and kept as it is for the technician.
    if (auto sound = checkDatabase(file, CheckDepth::quick); !sound) return std::unexpected(sound.error());
    auto db = Database::open(file);
    if (!db) return std::unexpected(db.error());
    if (auto migrated = migrate(*db, migrations); !migrated) return std::unexpected(migrated.error());
    // What a migration rewrote (step 8 removes a stored health fact) leaves no old page image in the WAL.
    (void)db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return db;
}

}  // namespace yici::store
