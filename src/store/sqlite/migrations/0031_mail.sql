-- 0031_mail.sql -- email for the newsroom: the outgoing mail queue,
-- password reset tokens and the users' mail preferences.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- A message waiting for the SMTP server, or its record once sent or
-- given up.  message is the whole RFC 5322 text (CRLF lines), built
-- when it was queued, so a retry sends the same Date and Message-ID.
-- The sender takes due rows (status 'pending', next_try <= now) under a
-- lease (next_try moved ahead), and after a failure sets next_try by
-- back-off; after the last attempt status is 'failed'.
CREATE TABLE mail_queue (
	id		INTEGER PRIMARY KEY,
	recipient	TEXT NOT NULL,
	message		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'sent', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_try	INTEGER NOT NULL,
	last_error	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL,
	done_at		INTEGER
) STRICT;

CREATE INDEX mail_queue_due ON mail_queue (status, next_try);

-- A password reset link: only a hash of its random 256-bit token is
-- kept.  It works once (used_at) and until expires_at.
CREATE TABLE password_resets (
	token_hash	TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	used_at		INTEGER
) STRICT;

CREATE INDEX password_resets_user ON password_resets (user_id);

-- Mail a user asked not to get: a row per user and kind ('comments':
-- the notice of a new comment on their articles).  No row: sent.
CREATE TABLE mail_optouts (
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	kind		TEXT NOT NULL,
	PRIMARY KEY (user_id, kind)
) STRICT;
