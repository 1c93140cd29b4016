-- 0016_shared.sql -- what several instances must share without a
-- shared disk: the bytes of uploaded media and the rate-limit events.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- The variant files of an upload ("<w>.jpg", "<w>.webp" under the
-- media key of media.path).  On PostgreSQL every upload's bytes are
-- kept here, so an instance on another machine can serve them (and
-- keep a copy in its own media/ directory); on SQLite the files in
-- media/ are the copy and this table holds only what `nutgraf db
-- copy` brought from PostgreSQL, served from here until written out.
CREATE TABLE media_files (
	media_key	TEXT NOT NULL,
	name		TEXT NOT NULL,
	bytes		BLOB NOT NULL,
	PRIMARY KEY (media_key, name)
) STRICT;

-- One row per event a limit counts (a comment post from an address):
-- key names what is limited ("comment:192.0.2.7"), at is wall-clock
-- milliseconds.  Rows past the longest window are pruned as events
-- are taken.
CREATE TABLE rate_events (
	key		TEXT NOT NULL,
	at		INTEGER NOT NULL
) STRICT;
CREATE INDEX rate_events_key ON rate_events (key, at);
CREATE INDEX rate_events_at ON rate_events (at);
