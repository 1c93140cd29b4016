-- 0012_people.sql -- PostgreSQL dialect of the SQLite 0012: a user's
-- email address and the must-change-password flag.  See the SQLite file.

ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN must_change_password bigint NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));

CREATE UNIQUE INDEX users_email ON users (lower(email)) WHERE email <> '';
