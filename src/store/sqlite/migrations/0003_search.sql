-- 0003_search.sql -- full-text search and stored related articles
--.
--
-- article_fts is an FTS5 table that keeps its own copy of the indexed
-- text.  An external-content table would have to be fed the exact old
-- values on every change, and two of the columns (tags, author) are not
-- columns of articles; a copy costs disk but can never drift from the
-- index it was built with.  The rowid is the article's id.  Every status
-- is indexed: whether an article is published is decided by the query
-- (a join on articles), so publishing, unpublishing or scheduling needs
-- no index write at all.
--
-- The index is written by triggers, inside the transaction of the write
-- that changes the text, so the two can never disagree:
--   - every save of an article records a revision as its last step, after
--     the article row and its tags are final; the revision insert
--     re-indexes the article.  A write that changes an article's title,
--     dek, body, tags or author without recording a revision would leave
--     the index stale: go through store_article_save().
--   - renaming an author or a tag re-indexes their articles;
--   - deleting an article removes it.
-- Related articles are computed in C (sqlite_search.c) inside the same
-- save transaction and stored in related_articles.

CREATE VIRTUAL TABLE article_fts USING fts5 (
	title, dek, body, tags, author,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);

-- Articles that existed before this migration.
INSERT INTO article_fts (rowid, title, dek, body, tags, author)
SELECT a.id, a.title, coalesce(a.dek, ''), a.body_text,
    coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at
	JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), ''),
    coalesce(au.name, '')
FROM articles a LEFT JOIN authors au ON au.id = a.author_id;

CREATE TRIGGER article_fts_save AFTER INSERT ON article_revisions
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

CREATE TRIGGER article_fts_delete AFTER DELETE ON articles
BEGIN
	DELETE FROM article_fts WHERE rowid = old.id;
END;

CREATE TRIGGER article_fts_author AFTER UPDATE OF name ON authors
BEGIN
	UPDATE article_fts SET author = new.name
	WHERE rowid IN (SELECT id FROM articles WHERE author_id = new.id);
END;

CREATE TRIGGER article_fts_tag AFTER UPDATE OF name ON tags
BEGIN
	UPDATE article_fts SET tags = coalesce((SELECT group_concat(t.name,
	    ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
	    WHERE at.article_id = article_fts.rowid), '')
	WHERE rowid IN (SELECT article_id FROM article_tags
	    WHERE tag_id = new.id);
END;

-- Up to a handful of related articles per article, best first; position
-- 0 is the editor's pick when there is one.  Rows may name articles that
-- are no longer published: readers filter them out when they read.
CREATE TABLE related_articles (
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	related_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	score		REAL NOT NULL,
	PRIMARY KEY (article_id, position)
) STRICT, WITHOUT ROWID;

-- Child key of the foreign key, so deleting an article does not scan.
CREATE INDEX related_articles_related ON related_articles (related_id);

-- "Is article N published, and when?" without reading the row: status
-- and published_at come after the bodies in articles, so a lookup by
-- rowid would walk each body's overflow pages to reach them.  Choosing
-- related articles asks this for every candidate.
CREATE INDEX articles_visible ON articles (id, status, published_at);


-- Before the foreign key's cascade removes the tag from its articles.
CREATE TRIGGER article_fts_tag_delete BEFORE DELETE ON tags
BEGIN
	UPDATE article_fts SET tags = coalesce((SELECT group_concat(t.name,
	    ' ') FROM article_tags at JOIN tags t ON t.id = at.tag_id
	    WHERE at.article_id = article_fts.rowid AND t.id <> old.id), '')
	WHERE rowid IN (SELECT article_id FROM article_tags
	    WHERE tag_id = old.id);
END;
