-- 0029_coauthors.sql -- PostgreSQL dialect of the SQLite 0029: every
-- byline of an article, in order, the first being articles.author_id,
-- backfilled from it; and the bylines a revision keeps.  See the SQLite
-- file.

CREATE TABLE article_authors (
	article_id	bigint NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	author_id	bigint NOT NULL
			REFERENCES authors (id) ON DELETE CASCADE,
	position	integer NOT NULL,
	PRIMARY KEY (article_id, author_id)
);

CREATE INDEX article_authors_author ON article_authors (author_id, article_id);

INSERT INTO article_authors (article_id, author_id, position)
	SELECT id, author_id, 0 FROM articles WHERE author_id IS NOT NULL;

ALTER TABLE article_revisions ADD COLUMN authors text;
