-- The per-name sign-in lock: five wrong passwords within 15 minutes of each
-- other lock a username for 15 minutes. Kept by the name that was typed, for
-- every name, whether an account has it or not, so that an unknown name and
-- a real account are locked and answered exactly alike (Retry-After
-- included) and the lock tells nobody which usernames exist. A row lives
-- only while its failures or its lock are recent; a right password deletes
-- it, and so does an admin's password reset.
CREATE TABLE sign_in_locks (
    username        TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    last_failure_ms BIGINT NOT NULL,
    locked_until_ms BIGINT
);

-- A lock in force when the server is upgraded stays in force.
INSERT INTO sign_in_locks (username, failures, last_failure_ms, locked_until_ms)
SELECT username, 0, locked_until_ms - 900000, locked_until_ms
FROM users WHERE locked_until_ms IS NOT NULL;

-- Failures of unknown names lived beside the addresses' (as `user:<name>`);
-- the table above replaces them, as it replaces the accounts' own counters.
DELETE FROM login_failures WHERE address LIKE 'user:%';
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until_ms;
