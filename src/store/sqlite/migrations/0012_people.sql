-- 0012_people.sql -- a user's email address (password resets, notices)
-- and whether they must choose a new password before anything else (the
-- demo's one-time password).
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));

-- An address finds one account (a reset is sent to one person); users
-- without one share the empty string.
CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email <> '';
