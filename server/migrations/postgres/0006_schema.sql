-- Jinguo Ledger on PostgreSQL: the schema SQLite's migrations 0001–0006 build,
-- in one step (no PostgreSQL deployment predates it). From 0007 on, each
-- migration has a twin of the same number in migrations/sqlite/.
--
-- The same tables, columns and meanings as SQLite's, so the same queries run
-- on both (see server/src/db/mod.rs): UUIDs, dates and JSON are TEXT (the JSON
-- stays byte for byte as the server wrote it), numbers and flags BIGINT (the
-- Any driver carries i64). Every text column compares bytewise (COLLATE "C"),
-- as SQLite's BINARY does, whatever the database's locale.

DO $$
BEGIN
    IF pg_encoding_to_char((SELECT encoding FROM pg_database
                            WHERE datname = current_database())) <> 'UTF8' THEN
        RAISE EXCEPTION 'Jinguo Ledger needs a UTF8 database (CREATE DATABASE … ENCODING ''UTF8'')';
    END IF;
END $$;

CREATE TABLE organisations (
    id         TEXT COLLATE "C" PRIMARY KEY,
    parent_id  TEXT COLLATE "C" REFERENCES organisations (id),
    name       TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    pilot      BIGINT NOT NULL DEFAULT 0,
    venues     TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    retired    BIGINT NOT NULL DEFAULT 0,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

CREATE TABLE users (
    id            TEXT COLLATE "C" PRIMARY KEY,
    username      TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name  TEXT COLLATE "C" NOT NULL,
    password_hash TEXT COLLATE "C" NOT NULL,
    role          TEXT COLLATE "C" NOT NULL CHECK (role IN ('admin', 'cadre', 'viewer')),
    org_id        TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_ms    BIGINT NOT NULL
);

-- `last_seq`: the exactly-once counter, written with the changes it counts.
CREATE TABLE devices (
    id            TEXT COLLATE "C" PRIMARY KEY,
    last_seq      BIGINT NOT NULL DEFAULT 0,
    first_seen_ms BIGINT NOT NULL,
    last_seen_ms  BIGINT NOT NULL,
    user_id       TEXT COLLATE "C" REFERENCES users (id),
    label         TEXT COLLATE "C" NOT NULL DEFAULT '',
    registered_ms BIGINT,
    revoked_ms    BIGINT,
    last_sync_ms  BIGINT
);

-- The last receipt number given out. SQLite gives numbers one writer at a
-- time; here the row is updated by the transaction that takes the number and
-- stays locked until it ends, so numbers are given in commit order, without
-- gaps (a rollback takes its number back) and never twice. A pull that has
-- seen number N has seen every number below it.
CREATE TABLE change_counter (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    last BIGINT NOT NULL
);
INSERT INTO change_counter (id, last) VALUES (1, 0);

-- The stored receipts; `change_no` comes from `change_counter` (trigger below).
CREATE TABLE changes (
    change_no      BIGINT PRIMARY KEY,
    device_id      TEXT COLLATE "C" NOT NULL REFERENCES devices (id),
    device_seq     BIGINT NOT NULL,
    entry_id       TEXT COLLATE "C" NOT NULL,
    status         TEXT COLLATE "C" NOT NULL CHECK (status IN ('applied', 'rejected')),
    held_change_no BIGINT,
    reason         TEXT COLLATE "C",
    received_ms    BIGINT NOT NULL,
    UNIQUE (device_id, device_seq)
);

-- A row inserted without a number takes the next one; a row copied in with
-- its number (moving a deployment) moves the counter past it.
CREATE FUNCTION changes_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.change_no IS NULL THEN
        UPDATE change_counter SET last = last + 1 WHERE id = 1 RETURNING last INTO NEW.change_no;
    ELSE
        UPDATE change_counter SET last = GREATEST(last, NEW.change_no) WHERE id = 1;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER changes_number BEFORE INSERT ON changes
FOR EACH ROW EXECUTE FUNCTION changes_number();

CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    device_id  TEXT COLLATE "C" NOT NULL REFERENCES devices (id),
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    revoked_ms BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_device ON sessions (device_id);

CREATE TABLE entries (
    id                TEXT COLLATE "C" PRIMARY KEY,
    kind              TEXT COLLATE "C" NOT NULL,
    title             TEXT COLLATE "C" NOT NULL,
    date              TEXT COLLATE "C" NOT NULL,
    place             TEXT COLLATE "C" NOT NULL,
    note              TEXT COLLATE "C" NOT NULL,
    created_ms        BIGINT NOT NULL,
    updated_ms        BIGINT NOT NULL,
    device_id         TEXT COLLATE "C" NOT NULL REFERENCES devices (id),
    change_no         BIGINT NOT NULL UNIQUE REFERENCES changes (change_no),
    received_ms       BIGINT NOT NULL,
    org_id            TEXT COLLATE "C" REFERENCES organisations (id),
    sensitive         BIGINT NOT NULL DEFAULT 0,
    end_date          TEXT COLLATE "C" NULL,
    level             TEXT COLLATE "C" NOT NULL DEFAULT 'village',
    partners          TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    counts            TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    person            TEXT COLLATE "C" NULL,
    deleted           BIGINT NOT NULL DEFAULT 0,
    created_by        TEXT COLLATE "C" NULL REFERENCES users (id),
    created_change_no BIGINT,
    created_device    TEXT COLLATE "C",
    field_stamps      TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX entries_by_org ON entries (org_id, change_no);
CREATE INDEX entries_by_org_date ON entries (org_id, date);

CREATE TABLE audit_log (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at_ms     BIGINT NOT NULL,
    user_id   TEXT COLLATE "C",
    device_id TEXT COLLATE "C",
    action    TEXT COLLATE "C" NOT NULL,
    target    TEXT COLLATE "C" NOT NULL,
    detail    TEXT COLLATE "C" NOT NULL
);

CREATE TABLE login_failures (
    address TEXT COLLATE "C" NOT NULL,
    at_ms   BIGINT NOT NULL
);
CREATE INDEX login_failures_by_address ON login_failures (address, at_ms);

CREATE TABLE sign_in_locks (
    username        TEXT COLLATE "C" PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_ms BIGINT NOT NULL,
    locked_until_ms BIGINT
);

CREATE TABLE catalogue (
    version    BIGINT PRIMARY KEY,
    body       TEXT COLLATE "C" NOT NULL,
    created_ms BIGINT NOT NULL
);

CREATE TABLE conflicts (
    change_no   BIGINT NOT NULL REFERENCES changes (change_no),
    field       TEXT COLLATE "C" NOT NULL,
    entry_id    TEXT COLLATE "C" NOT NULL,
    org_id      TEXT COLLATE "C",
    sensitive   BIGINT NOT NULL DEFAULT 0,
    body        TEXT COLLATE "C" NOT NULL,
    resolved_by BIGINT NULL REFERENCES changes (change_no),
    touched     BIGINT NOT NULL,
    PRIMARY KEY (change_no, field)
);
CREATE INDEX conflicts_by_touched ON conflicts (touched);

-- The monthly rollup, with the meaning and key convention of SQLite's
-- migration 0005 (which says them in full), kept by the trigger functions
-- below in the transaction of every write to `entries`.
CREATE TABLE count_months (
    org_id    TEXT COLLATE "C" NOT NULL,
    month     TEXT COLLATE "C" NOT NULL,
    kind      TEXT COLLATE "C" NOT NULL,
    sensitive BIGINT NOT NULL,
    key       TEXT COLLATE "C" NOT NULL,
    total     BIGINT NOT NULL,
    PRIMARY KEY (org_id, month, kind, sensitive, key)
);

-- An entry's counts (its JSON object) as rows, only the whole numbers above
-- zero (SQLite's `json_each … WHERE type = 'integer' AND value > 0`). The
-- report reads the entries of part months with it too.
CREATE FUNCTION entry_counts(counts TEXT) RETURNS TABLE (key TEXT, n BIGINT)
LANGUAGE sql IMMUTABLE AS $$
    SELECT j.key COLLATE "C", (j.value #>> '{}')::BIGINT
    FROM jsonb_each(counts::jsonb) AS j
    WHERE jsonb_typeof(j.value) = 'number'
      AND (j.value #>> '{}') ~ '^[0-9]{1,18}$'
      AND (j.value #>> '{}')::BIGINT > 0
$$;

-- Adds (sign 1) or takes out (sign -1) one entry's contribution; a sum that
-- reaches zero is removed, one the rollup never had goes negative.
CREATE FUNCTION count_months_add(e entries, sign BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF e.deleted <> 0 OR e.org_id IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO count_months AS m (org_id, month, kind, sensitive, key, total)
    SELECT e.org_id, substr(e.date, 1, 7), e.kind, e.sensitive, c.key, sign * c.n
    FROM (
        SELECT k.key, k.n FROM entry_counts(e.counts) AS k
        UNION ALL
        SELECT '@' || e.level, 1
        UNION ALL
        SELECT '~' || (e.person::jsonb ->> 'change'), 1
        WHERE (e.person::jsonb ->> 'change') IS NOT NULL
    ) AS c
    ON CONFLICT (org_id, month, kind, sensitive, key)
    DO UPDATE SET total = m.total + excluded.total;
    IF sign < 0 THEN
        DELETE FROM count_months
        WHERE org_id = e.org_id AND month = substr(e.date, 1, 7) AND kind = e.kind
          AND sensitive = e.sensitive AND total = 0;
    END IF;
END $$;

CREATE FUNCTION entries_count_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM count_months_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM count_months_add(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER entries_count_months_insert AFTER INSERT ON entries
FOR EACH ROW EXECUTE FUNCTION entries_count_months();

-- Rewrites of other columns (title, note, stamps, creator) leave the sums alone.
CREATE TRIGGER entries_count_months_update
AFTER UPDATE OF org_id, kind, date, level, counts, person, deleted, sensitive ON entries
FOR EACH ROW
WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id OR OLD.kind IS DISTINCT FROM NEW.kind
   OR OLD.date IS DISTINCT FROM NEW.date OR OLD.level IS DISTINCT FROM NEW.level
   OR OLD.counts IS DISTINCT FROM NEW.counts OR OLD.person IS DISTINCT FROM NEW.person
   OR OLD.deleted IS DISTINCT FROM NEW.deleted OR OLD.sensitive IS DISTINCT FROM NEW.sensitive)
EXECUTE FUNCTION entries_count_months();

CREATE TRIGGER entries_count_months_delete AFTER DELETE ON entries
FOR EACH ROW EXECUTE FUNCTION entries_count_months();
