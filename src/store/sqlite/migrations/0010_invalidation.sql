-- 0010_invalidation.sql -- the invalidation log (src/store/store_inval.c).
--
-- Every write that can change a public page appends one row, in its own
-- transaction, naming what it changed ("article:12 section:3 front").
-- The writing process applies its rows to its page cache after the
-- commit; every other process (a second server, a command-line tool's
-- writes seen by the server) reads the rows past the last one it saw,
-- skipping its own by origin.  AUTOINCREMENT numbers the rows without
-- gaps or reuse, even after pruning, so a reader can tell that rows it
-- never saw were pruned.  Writers prune rows far behind the newest.
CREATE TABLE inval_log (
	seq	INTEGER PRIMARY KEY AUTOINCREMENT,
	origin	INTEGER NOT NULL,	-- the writing process, random
	at	INTEGER NOT NULL,	-- unix seconds
	keys	TEXT NOT NULL
);
