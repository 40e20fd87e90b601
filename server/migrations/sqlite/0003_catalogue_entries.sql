-- Entries under a catalogue (issue 4): what a kind counts is data, so an
-- entry's counts are a JSON object keyed by the catalogue's count keys; an
-- entry has a level, partner offices, maybe an end date and a person, and is
-- deleted by a tombstone (it stays, and syncs, so the delete reaches every
-- device and can be undone). Entries can be edited: `change_no` becomes the
-- receipt number of the change that last wrote the row (its version), and
-- `device_id` the device that last wrote it.

ALTER TABLE entries ADD COLUMN end_date TEXT NULL;
ALTER TABLE entries ADD COLUMN level TEXT NOT NULL DEFAULT 'village';
-- JSON array of office names.
ALTER TABLE entries ADD COLUMN partners TEXT NOT NULL DEFAULT '[]';
-- JSON object: count key → non-negative integer (money in fen).
ALTER TABLE entries ADD COLUMN counts TEXT NOT NULL DEFAULT '{}';
-- JSON object (name, change, replaces, reason) for committee changes and honours.
ALTER TABLE entries ADD COLUMN person TEXT NULL;
ALTER TABLE entries ADD COLUMN deleted BIGINT NOT NULL DEFAULT 0;
-- The account that created the entry (NULL for entries from before this).
ALTER TABLE entries ADD COLUMN created_by TEXT NULL REFERENCES users (id);

-- The two fixed counts of the first schema become catalogue counts.
UPDATE entries SET counts = json_object('sessions', sessions, 'participants', participants);
ALTER TABLE entries DROP COLUMN sessions;
ALTER TABLE entries DROP COLUMN participants;

-- For reports by organisation and period.
CREATE INDEX entries_by_org_date ON entries (org_id, date);

-- `changes` rows with a negative `device_seq` are not numbered changes of the
-- device: they are entries restored from the device's export file by an
-- import (-1, -2, … per device), which a push never replays.

-- The catalogue of work (work lines → kinds → counts), one row per version;
-- the newest is in force. `body` is the whole catalogue as JSON. The server
-- stores its built-in default at start-up when there is none.
CREATE TABLE catalogue (
    version    BIGINT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);
