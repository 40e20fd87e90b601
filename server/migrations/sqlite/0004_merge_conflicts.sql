-- Edits merged field by field, conflicts kept, pull (issue 5). The server
-- remembers who last wrote each field of an entry (the change, in server
-- order, and the device), so that an edit made from an older version takes
-- only what nobody else changed meanwhile, and keeps what it overwrote when
-- somebody did (a conflict). See shared/src/sync/merge.rs.

-- The change (and device) that created the entry: every field without a
-- stamp of its own was last written by it. Rows from before this migration
-- get their current change_no and device_id, an approximation: for an entry
-- edited since its create, every field then counts as written by that last
-- edit, so an edit made from an older version conflicts on any field it
-- changes (its value still applies; the overwritten one is kept).
ALTER TABLE entries ADD COLUMN created_change_no BIGINT;
ALTER TABLE entries ADD COLUMN created_device TEXT;
UPDATE entries SET created_change_no = change_no, created_device = device_id;

-- Fields written since the create, as a JSON object: the field's wire name
-- (`title`, `end_date`, `deleted`, …) → [change_no, device_id], e.g.
-- {"title":[12,"0190c4e2-…"],"deleted":[15,"0190c4e3-…"]}. A field that is
-- not a key was last written by the create.
ALTER TABLE entries ADD COLUMN field_stamps TEXT NOT NULL DEFAULT '{}';

-- Conflicts: a field two devices changed without seeing each other's change.
-- Named by the change that made it and the field. `body` is the shared
-- `Conflict` as JSON (entry, field, the kept and the lost value, who wrote
-- each). `org_id` and `sensitive` are the entry's when the conflict was made,
-- so that pulls filter conflicts by scope in SQL as they filter entries.
-- `resolved_by`: the change that settled it. `touched`: the change that made
-- or settled it, which orders and pages what a pull sends.
CREATE TABLE conflicts (
    change_no   BIGINT NOT NULL REFERENCES changes (change_no),
    field       TEXT NOT NULL,
    entry_id    TEXT NOT NULL,
    org_id      TEXT,
    sensitive   BIGINT NOT NULL DEFAULT 0,
    body        TEXT NOT NULL,
    resolved_by BIGINT NULL REFERENCES changes (change_no),
    touched     BIGINT NOT NULL,
    PRIMARY KEY (change_no, field)
);
CREATE INDEX conflicts_by_touched ON conflicts (touched);
