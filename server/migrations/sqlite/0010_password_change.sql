-- A password an admin made (a one-time password printed for a new account or
-- a reset) must be replaced at the account's first sign-in: until then the
-- login answers `password_change_required` and gives no session.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
