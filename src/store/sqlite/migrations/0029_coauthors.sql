-- 0029_coauthors.sql -- co-authors: an article may carry several
-- bylines ("By A and B"), in order.  articles.author_id stays the first
-- of them, so everything that reads one byline keeps working; this table
-- holds all of them, the first included, and is what an author's page
-- and feed list from.  Backfilled from author_id.
--
-- A revision keeps the bylines too: authors is their ids, "," between
-- them, in order ("" for none); NULL in revisions made before this
-- migration, which recorded author_id alone.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

CREATE TABLE article_authors (
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	author_id	INTEGER NOT NULL
			REFERENCES authors (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	PRIMARY KEY (article_id, author_id)
) STRICT, WITHOUT ROWID;

-- Author archives start from the author.
CREATE INDEX article_authors_author ON article_authors (author_id, article_id);

INSERT INTO article_authors (article_id, author_id, position)
	SELECT id, author_id, 0 FROM articles WHERE author_id IS NOT NULL;

ALTER TABLE article_revisions ADD COLUMN authors TEXT;
