-- 0017_twofactor.sql -- two-factor login: a user's TOTP secret (RFC
-- 6238), single-use recovery codes, and the logins waiting for their
-- second step.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- One authenticator per user.  secret is base32 (the app needs the key
-- itself, so it cannot be hashed).  enabled is 0 while the user has not
-- yet confirmed a code from it; last_step is the last time step whose
-- code was accepted, so each code works once.
CREATE TABLE user_totp (
	user_id		INTEGER PRIMARY KEY
			REFERENCES users (id) ON DELETE CASCADE,
	secret		TEXT NOT NULL,
	enabled		INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
	last_step	INTEGER NOT NULL DEFAULT 0,
	created_at	INTEGER NOT NULL
) STRICT;

-- Recovery codes: only a BLAKE2b-256 hash of each (80 random bits);
-- used_at is set by the login that spends one.
CREATE TABLE user_recovery_codes (
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	hash		TEXT NOT NULL,
	used_at		INTEGER,
	PRIMARY KEY (user_id, hash)
) STRICT;

-- A password that was right, waiting for its code: the hash of a random
-- token in a short-lived cookie, with a count of wrong codes.
CREATE TABLE login_challenges (
	token_hash	TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	expires_at	INTEGER NOT NULL,
	tries		INTEGER NOT NULL DEFAULT 0
) STRICT;
