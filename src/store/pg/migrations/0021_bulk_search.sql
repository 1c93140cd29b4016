-- 0021_bulk_search.sql -- PostgreSQL dialect of the SQLite 0021: search
-- indexing deferred inside a bulk write (an import), then done for every
-- article it saved in one statement, as on SQLite (where it matters
-- most: FTS5 writes a segment at every statement's savepoint).
--
-- search_pending holds rows only inside a bulk write transaction, so no
-- other session ever sees one.  Row 0 says "defer"; the others are the
-- articles saved since the last flush.

CREATE TABLE search_pending (
	article_id	bigint PRIMARY KEY
);

CREATE OR REPLACE FUNCTION article_search_on_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM search_pending WHERE article_id = 0) THEN
		INSERT INTO search_pending (article_id)
		VALUES (new.article_id) ON CONFLICT DO NOTHING;
	ELSE
		PERFORM article_search_put(new.article_id, 0);
	END IF;
	RETURN NULL;
END $$;
