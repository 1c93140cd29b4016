-- 0017_twofactor.sql -- PostgreSQL dialect of the SQLite 0017: TOTP
-- secrets, recovery codes and pending second login steps.  See the
-- SQLite file for the columns.

CREATE TABLE user_totp (
	user_id		bigint PRIMARY KEY
			REFERENCES users (id) ON DELETE CASCADE,
	secret		text NOT NULL,
	enabled		bigint NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
	last_step	bigint NOT NULL DEFAULT 0,
	created_at	bigint NOT NULL
);

CREATE TABLE user_recovery_codes (
	user_id		bigint NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	hash		text NOT NULL,
	used_at		bigint,
	PRIMARY KEY (user_id, hash)
);

CREATE TABLE login_challenges (
	token_hash	text PRIMARY KEY,
	user_id		bigint NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	expires_at	bigint NOT NULL,
	tries		bigint NOT NULL DEFAULT 0
);
