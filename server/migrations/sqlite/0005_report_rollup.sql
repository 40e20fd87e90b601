-- Reports (issue 6): monthly sums kept beside the entries, so a year's
-- totals over a million entries read a few hundred thousand small rows
-- instead of every entry (a GROUP BY over 1M entries with their JSON counts
-- takes seconds).
--
-- One row per organisation × month × kind × sensitivity × key, the key after
-- shared::report::tally's convention: a count key of the catalogue
-- (`sessions`, `funds_fen`…) sums that count; `@<level>` counts entries held
-- at that level; `~<change>` counts committee changes of that type. A live
-- entry (deleted = 0) with an organisation (entries from before
-- organisations existed have none) adds each count above zero, 1 to
-- `@<its level>` and, if its person names a change, 1 to `~<change>`.
-- `sensitive` is the entry's, so a report filters by scope as the listing
-- does. Rows that reach zero are removed.
--
-- The triggers below keep it: every write to `entries`, whichever path makes
-- it (push, edit, settled conflict, delete or undo, restore, import, demo,
-- a later migration), moves the sums in the same transaction. The report
-- reads whole months here and the entries of partly covered months directly
-- (server/src/db/report.rs); a test proves both equal the shared tally.
--
-- Keyed by organisation first: a report asks for a subtree's organisations
-- over a range of months, which is one range of the key per organisation.
CREATE TABLE count_months (
    org_id    TEXT NOT NULL,
    month     TEXT NOT NULL,      -- 'YYYY-MM', the first 7 characters of the entry's date
    kind      TEXT NOT NULL,
    sensitive BIGINT NOT NULL,
    key       TEXT NOT NULL,
    total     BIGINT NOT NULL,
    PRIMARY KEY (org_id, month, kind, sensitive, key)
) WITHOUT ROWID;

-- What the entries already hold.
INSERT INTO count_months (org_id, month, kind, sensitive, key, total)
SELECT org_id, month, kind, sensitive, key, SUM(n)
FROM (
    SELECT e.org_id, substr(e.date, 1, 7) AS month, e.kind, e.sensitive, j.key AS key, j.value AS n
    FROM entries e, json_each(e.counts) j
    WHERE e.deleted = 0 AND e.org_id IS NOT NULL AND j.type = 'integer' AND j.value > 0
    UNION ALL
    SELECT e.org_id, substr(e.date, 1, 7), e.kind, e.sensitive, '@' || e.level, 1
    FROM entries e
    WHERE e.deleted = 0 AND e.org_id IS NOT NULL
    UNION ALL
    SELECT e.org_id, substr(e.date, 1, 7), e.kind, e.sensitive,
           '~' || json_extract(e.person, '$.change'), 1
    FROM entries e
    WHERE e.deleted = 0 AND e.org_id IS NOT NULL
      AND json_extract(e.person, '$.change') IS NOT NULL
)
GROUP BY org_id, month, kind, sensitive, key;

-- A new live entry adds its contribution.
CREATE TRIGGER entries_count_months_insert AFTER INSERT ON entries
WHEN NEW.deleted = 0 AND NEW.org_id IS NOT NULL
BEGIN
    INSERT INTO count_months (org_id, month, kind, sensitive, key, total)
    SELECT NEW.org_id, substr(NEW.date, 1, 7), NEW.kind, NEW.sensitive, c.key, c.n
    FROM (
        SELECT key, value AS n FROM json_each(NEW.counts) WHERE type = 'integer' AND value > 0
        UNION ALL
        SELECT '@' || NEW.level, 1
        UNION ALL
        SELECT '~' || json_extract(NEW.person, '$.change'), 1
        WHERE json_extract(NEW.person, '$.change') IS NOT NULL
    ) AS c
    WHERE true
    ON CONFLICT (org_id, month, kind, sensitive, key) DO UPDATE SET total = total + excluded.total;
END;

-- A rewrite that touches what is summed takes the old contribution out and
-- puts the new one in (a tombstone: out only; an undo: in only). Rewrites of
-- other columns (title, note, stamps, creator) leave the sums alone. A sum
-- the rollup never had goes negative rather than unnoticed: the report
-- refuses negative sums as a damaged rollup.
CREATE TRIGGER entries_count_months_update
AFTER UPDATE OF org_id, kind, date, level, counts, person, deleted, sensitive ON entries
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.kind IS NOT NEW.kind OR OLD.date IS NOT NEW.date
  OR OLD.level IS NOT NEW.level OR OLD.counts IS NOT NEW.counts
  OR OLD.person IS NOT NEW.person OR OLD.deleted IS NOT NEW.deleted
  OR OLD.sensitive IS NOT NEW.sensitive
BEGIN
    INSERT INTO count_months (org_id, month, kind, sensitive, key, total)
    SELECT OLD.org_id, substr(OLD.date, 1, 7), OLD.kind, OLD.sensitive, c.key, -c.n
    FROM (
        SELECT key, value AS n FROM json_each(OLD.counts) WHERE type = 'integer' AND value > 0
        UNION ALL
        SELECT '@' || OLD.level, 1
        UNION ALL
        SELECT '~' || json_extract(OLD.person, '$.change'), 1
        WHERE json_extract(OLD.person, '$.change') IS NOT NULL
    ) AS c
    WHERE OLD.deleted = 0 AND OLD.org_id IS NOT NULL
    ON CONFLICT (org_id, month, kind, sensitive, key) DO UPDATE SET total = total + excluded.total;
    DELETE FROM count_months
    WHERE org_id = OLD.org_id AND month = substr(OLD.date, 1, 7) AND kind = OLD.kind
      AND sensitive = OLD.sensitive AND total = 0;
    INSERT INTO count_months (org_id, month, kind, sensitive, key, total)
    SELECT NEW.org_id, substr(NEW.date, 1, 7), NEW.kind, NEW.sensitive, c.key, c.n
    FROM (
        SELECT key, value AS n FROM json_each(NEW.counts) WHERE type = 'integer' AND value > 0
        UNION ALL
        SELECT '@' || NEW.level, 1
        UNION ALL
        SELECT '~' || json_extract(NEW.person, '$.change'), 1
        WHERE json_extract(NEW.person, '$.change') IS NOT NULL
    ) AS c
    WHERE NEW.deleted = 0 AND NEW.org_id IS NOT NULL
    ON CONFLICT (org_id, month, kind, sensitive, key) DO UPDATE SET total = total + excluded.total;
END;

-- Entries are never deleted today (a delete is a tombstone), but if a row
-- goes, its contribution goes with it.
CREATE TRIGGER entries_count_months_delete AFTER DELETE ON entries
WHEN OLD.deleted = 0 AND OLD.org_id IS NOT NULL
BEGIN
    INSERT INTO count_months (org_id, month, kind, sensitive, key, total)
    SELECT OLD.org_id, substr(OLD.date, 1, 7), OLD.kind, OLD.sensitive, c.key, -c.n
    FROM (
        SELECT key, value AS n FROM json_each(OLD.counts) WHERE type = 'integer' AND value > 0
        UNION ALL
        SELECT '@' || OLD.level, 1
        UNION ALL
        SELECT '~' || json_extract(OLD.person, '$.change'), 1
        WHERE json_extract(OLD.person, '$.change') IS NOT NULL
    ) AS c
    WHERE true
    ON CONFLICT (org_id, month, kind, sensitive, key) DO UPDATE SET total = total + excluded.total;
    DELETE FROM count_months
    WHERE org_id = OLD.org_id AND month = substr(OLD.date, 1, 7) AND kind = OLD.kind
      AND sensitive = OLD.sensitive AND total = 0;
END;
