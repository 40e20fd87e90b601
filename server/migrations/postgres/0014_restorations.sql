-- A phone ahead of a server restored from an older backup re-bases it with
-- one numbered change (ChangeOp::Restore) that stands for every number of
-- the device up to `restored_through`: a retry of any of them is answered
-- with that row's receipt. NULL on every other row.
ALTER TABLE changes ADD COLUMN restored_through BIGINT;

-- When the server was restored from a backup (`server restore`), or first
-- re-based by a phone after one (a PostgreSQL restore): the newest is told
-- in every pulled page, and a phone that has not seen it pulls again from
-- the start (the restored server gives out again numbers it may hold).
CREATE TABLE restorations (
    at_ms BIGINT PRIMARY KEY
);
