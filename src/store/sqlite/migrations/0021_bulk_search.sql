-- 0021_bulk_search.sql -- search indexing deferred inside a bulk write
-- (an import): one statement indexes every article the import saved.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- Why: FTS5 writes its pending terms to disk at every savepoint, and
-- SQLite opens one for each statement that fires a trigger.  Indexing
-- each article from its revision's trigger therefore wrote one tiny
-- segment per article, and merging them was most of an import's time.
--
-- search_pending holds rows only inside a bulk write transaction (the
-- store adds them and removes them before it commits), so no other
-- connection ever sees one.  Row 0 says "defer"; the others are the
-- articles saved since the last flush.
CREATE TABLE search_pending (
	article_id	INTEGER PRIMARY KEY
) STRICT;

DROP TRIGGER article_fts_save;
CREATE TRIGGER article_fts_save AFTER INSERT ON article_revisions
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE article_id = 0)
BEGIN
	INSERT OR REPLACE INTO article_fts (rowid, title, dek, body, tags,
	    author)
	SELECT a.id, a.title, coalesce(a.dek, ''), a.body_text,
	    coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
		JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = a.id), ''),
	    coalesce(au.name, '')
	FROM articles a LEFT JOIN authors au ON au.id = a.author_id
	WHERE a.id = new.article_id;
END;

CREATE TRIGGER article_fts_defer AFTER INSERT ON article_revisions
WHEN EXISTS (SELECT 1 FROM search_pending WHERE article_id = 0)
BEGIN
	INSERT OR IGNORE INTO search_pending (article_id)
	VALUES (new.article_id);
END;
