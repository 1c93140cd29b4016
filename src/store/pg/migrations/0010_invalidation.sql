-- 0010_invalidation.sql -- PostgreSQL dialect of the SQLite 0010: the
-- invalidation log (src/store/store_inval.c).  See the SQLite file for
-- the columns.
--
-- Readers ask for the rows past the last one they saw, so a row must
-- never become visible after a row with a higher seq: a sequence would
-- hand out numbers in the order transactions ask, not the order they
-- commit, and leave gaps at every rollback (which a reader would take
-- for pruning).  So seq is the highest so far plus one, taken under the
-- write lock every nutgraf write already holds (PG_WRITE_LOCK, pg_int.h)
-- until it commits: gapless and in commit order.  The trigger takes the
-- lock itself, so a hand edit (README: "INSERT INTO inval_log (origin,
-- at, keys) VALUES (0, 0, 'all')") is numbered the same way, and
-- notifies every listening instance at commit with the row's seq.
CREATE TABLE inval_log (
	seq	bigint PRIMARY KEY,
	origin	bigint NOT NULL,	-- the writing process, random
	at	bigint NOT NULL,	-- unix seconds
	keys	text NOT NULL
);

CREATE FUNCTION inval_log_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7959390426176759297);
	NEW.seq := coalesce((SELECT max(seq) FROM inval_log), 0) + 1;
	PERFORM pg_notify('nutgraf_changes', NEW.seq::text);
	RETURN NEW;
END
$$;

CREATE TRIGGER inval_log_seq BEFORE INSERT ON inval_log
	FOR EACH ROW EXECUTE FUNCTION inval_log_seq();
