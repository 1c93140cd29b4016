-- 0011_api.sql -- the REST API: application passwords and
-- webhooks with their delivery queue.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- WordPress's Application Passwords: named per-user secrets for HTTP
-- Basic on /wp-json/.  Only a BLAKE2b-256 hash of each is kept (they are
-- 142 random bits, so a fast hash is as good as a slow one and costs an
-- API call nothing); uuid is the public handle the newsroom revokes by.
CREATE TABLE app_passwords (
	id		INTEGER PRIMARY KEY,
	user_id		INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	uuid		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	hash		TEXT NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL,
	last_used	INTEGER,
	last_ip		TEXT
) STRICT;

CREATE INDEX app_passwords_user ON app_passwords (user_id, id);

-- Webhooks: an administrator's URL that hears about events ("post.
-- published", ...; events is a comma list), signed with secret.
CREATE TABLE webhooks (
	id		INTEGER PRIMARY KEY,
	url		TEXT NOT NULL,
	secret		TEXT NOT NULL,
	events		TEXT NOT NULL,
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at	INTEGER NOT NULL
) STRICT;

-- The delivery queue and its log: a row per event per webhook, written
-- in the transaction of nothing (after the write that caused it), sent
-- by the jobs thread, retried with back-off until delivered or given up.
CREATE TABLE webhook_deliveries (
	id		INTEGER PRIMARY KEY,
	webhook_id	INTEGER NOT NULL
			REFERENCES webhooks (id) ON DELETE CASCADE,
	event		TEXT NOT NULL,
	payload		TEXT NOT NULL,
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'delivered', 'failed')),
	attempts	INTEGER NOT NULL DEFAULT 0,
	next_at		INTEGER NOT NULL,
	last_code	INTEGER NOT NULL DEFAULT 0,
	last_error	TEXT,
	created_at	INTEGER NOT NULL,
	done_at		INTEGER
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, id);
