-- Jinguo Ledger, first schema (SQLite). The PostgreSQL twin lives in
-- migrations/postgres/ and must keep the same tables, columns and meanings.
-- UUIDs and dates are TEXT, numbers BIGINT, so the same queries run on both.

-- One row per device that ever pushed. `last_seq` is the exactly-once counter:
-- the highest change number of this device already taken, written in the same
-- transaction as the changes it counts.
CREATE TABLE devices (
    id            TEXT PRIMARY KEY,
    last_seq      BIGINT NOT NULL DEFAULT 0,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms  BIGINT NOT NULL
);

-- Every change a device pushed and the server took, applied or rejected: the
-- stored receipts. `change_no` is the server's receipt number; AUTOINCREMENT so
-- a number is never reused, even after the highest row is gone.
CREATE TABLE changes (
    change_no      INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id      TEXT NOT NULL REFERENCES devices (id),
    device_seq     BIGINT NOT NULL,
    entry_id       TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    -- Applied because the very same entry was already held: the receipt names
    -- the held entry's change_no, not this row's. NULL otherwise.
    held_change_no BIGINT,
    -- Rejected: the RejectReason as JSON, sent back unchanged on a retry.
    reason         TEXT,
    received_ms    BIGINT NOT NULL,
    UNIQUE (device_id, device_seq)
);

-- The entries as the server holds them. `change_no` orders and pages the
-- listing (server order, never device clocks); its UNIQUE index serves that.
CREATE TABLE entries (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    date         TEXT NOT NULL,
    place        TEXT NOT NULL,
    sessions     BIGINT NOT NULL,
    participants BIGINT NOT NULL,
    note         TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    updated_ms   BIGINT NOT NULL,
    device_id    TEXT NOT NULL REFERENCES devices (id),
    change_no    BIGINT NOT NULL UNIQUE REFERENCES changes (change_no),
    received_ms  BIGINT NOT NULL
);
