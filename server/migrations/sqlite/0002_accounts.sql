-- Accounts, organisations, sessions, devices bound to accounts, the audit log
-- and login rate limits (issue 3). Everything a second server process would
-- need to agree on lives here, not in a process's memory.

-- The organisation tree. `venues` is a JSON array of venue codes. Retired
-- organisations stay (their entries keep pointing at them).
CREATE TABLE organisations (
    id         TEXT PRIMARY KEY,
    parent_id  TEXT REFERENCES organisations (id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    pilot      INTEGER NOT NULL DEFAULT 0,
    venues     TEXT NOT NULL DEFAULT '[]',
    retired    INTEGER NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

-- Accounts. `username` is stored normalised (lowercase), so UNIQUE is enough.
-- `password_hash` is an argon2id PHC string. `failed_logins` counts consecutive
-- wrong passwords; reaching the limit sets `locked_until_ms` and restarts it.
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'cadre', 'viewer')),
    org_id          TEXT NOT NULL REFERENCES organisations (id),
    disabled        INTEGER NOT NULL DEFAULT 0,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until_ms BIGINT,
    created_ms      BIGINT NOT NULL
);

-- A device signs in as one account; it keeps pushing as that account only.
-- Rows from before accounts existed keep `user_id` NULL until someone signs in on them.
ALTER TABLE devices ADD COLUMN user_id TEXT REFERENCES users (id);
ALTER TABLE devices ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN registered_ms BIGINT;
ALTER TABLE devices ADD COLUMN revoked_ms BIGINT;
ALTER TABLE devices ADD COLUMN last_sync_ms BIGINT;

-- Sessions: only the SHA-256 of the bearer token is stored, so a copy of the
-- database does not let anyone sign in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    device_id  TEXT NOT NULL REFERENCES devices (id),
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    revoked_ms BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_device ON sessions (device_id);

-- Who may read an entry is decided by its organisation and whether its kind
-- is sensitive; both are columns so the listing filters in SQL. Entries from
-- before organisations existed have `org_id` NULL: admins only.
ALTER TABLE entries ADD COLUMN org_id TEXT REFERENCES organisations (id);
ALTER TABLE entries ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0;
CREATE INDEX entries_by_org ON entries (org_id, change_no);

-- Every change and every admin action: who, on which device, when. Never a
-- password or a token in `detail`.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms     BIGINT NOT NULL,
    user_id   TEXT,
    device_id TEXT,
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL
);

-- Failed sign-ins by address (and by unknown username, as `user:<name>`), for
-- the sliding-window limits. Old rows are deleted as new ones arrive.
CREATE TABLE login_failures (
    address TEXT NOT NULL,
    at_ms   BIGINT NOT NULL
);
CREATE INDEX login_failures_by_address ON login_failures (address, at_ms);
