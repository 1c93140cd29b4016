-- 0016_shared.sql -- PostgreSQL dialect of the SQLite 0016: the bytes
-- of uploaded media and the rate-limit events, shared by every
-- instance.  See the SQLite file for the columns.

CREATE TABLE media_files (
	media_key	text NOT NULL,
	name		text NOT NULL,
	bytes		bytea NOT NULL,
	PRIMARY KEY (media_key, name)
);
-- Images are compressed already.
ALTER TABLE media_files ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE rate_events (
	key		text NOT NULL,
	at		bigint NOT NULL
);
CREATE INDEX rate_events_key ON rate_events (key, at);
CREATE INDEX rate_events_at ON rate_events (at);
