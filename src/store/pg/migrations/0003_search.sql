-- 0003_search.sql -- PostgreSQL dialect of the SQLite 0003: full-text
-- search and stored related articles.
--
-- article_search holds one tsvector per article (every status: whether an
-- article is published is decided by the query), weighted so the title
-- (A) counts over the dek (B), tags and author (C) and the body (D).  The
-- 'simple' configuration lower-cases without stemming, as SQLite's
-- unicode61 tokenizer does.  As on SQLite the index is written by
-- triggers inside the transaction of the write that changes the text: a
-- revision insert (every article save ends with one), renaming an author
-- or a tag, deleting a tag; deleting an article cascades.

CREATE TABLE article_search (
	id	bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	doc	tsvector NOT NULL
);
CREATE INDEX article_search_doc ON article_search USING gin (doc);

-- The document of article aid, leaving out tag skip (0: none).
CREATE FUNCTION article_search_doc(aid bigint, skip bigint)
RETURNS tsvector LANGUAGE sql STABLE AS $$
	SELECT setweight(to_tsvector('simple', a.title), 'A') ||
	    setweight(to_tsvector('simple', coalesce(a.dek, '')), 'B') ||
	    setweight(to_tsvector('simple', coalesce((SELECT
		string_agg(t.name, ' ') FROM article_tags at
		JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = a.id AND t.id <> skip), '')), 'C') ||
	    setweight(to_tsvector('simple', coalesce(au.name, '')), 'C') ||
	    setweight(to_tsvector('simple', a.body_text), 'D')
	FROM articles a LEFT JOIN authors au ON au.id = a.author_id
	WHERE a.id = aid
$$;

CREATE FUNCTION article_search_put(aid bigint, skip bigint)
RETURNS void LANGUAGE sql AS $$
	INSERT INTO article_search (id, doc)
	SELECT aid, article_search_doc(aid, skip)
	WHERE EXISTS (SELECT 1 FROM articles WHERE id = aid)
	ON CONFLICT (id) DO UPDATE SET doc = excluded.doc
$$;

-- Articles that existed before this migration.
INSERT INTO article_search (id, doc)
SELECT id, article_search_doc(id, 0) FROM articles;

CREATE FUNCTION article_search_on_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM article_search_put(new.article_id, 0);
	RETURN NULL;
END $$;
CREATE TRIGGER article_search_save AFTER INSERT ON article_revisions
	FOR EACH ROW EXECUTE FUNCTION article_search_on_revision();

CREATE FUNCTION article_search_on_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM article_search_put(a.id, 0) FROM articles a
	    WHERE a.author_id = new.id;
	RETURN NULL;
END $$;
CREATE TRIGGER article_search_author AFTER UPDATE OF name ON authors
	FOR EACH ROW EXECUTE FUNCTION article_search_on_author();

CREATE FUNCTION article_search_on_tag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF tg_op = 'DELETE' THEN
		PERFORM article_search_put(at.article_id, old.id)
		    FROM article_tags at WHERE at.tag_id = old.id;
		RETURN old;
	END IF;
	PERFORM article_search_put(at.article_id, 0)
	    FROM article_tags at WHERE at.tag_id = new.id;
	RETURN NULL;
END $$;
CREATE TRIGGER article_search_tag AFTER UPDATE OF name ON tags
	FOR EACH ROW EXECUTE FUNCTION article_search_on_tag();
-- Before the foreign key's cascade removes the tag from its articles.
CREATE TRIGGER article_search_tag_delete BEFORE DELETE ON tags
	FOR EACH ROW EXECUTE FUNCTION article_search_on_tag();

CREATE TABLE related_articles (
	article_id	bigint NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	position	bigint NOT NULL,
	related_id	bigint NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	score		double precision NOT NULL,
	PRIMARY KEY (article_id, position)
);
CREATE INDEX related_articles_related ON related_articles (related_id);

CREATE INDEX articles_visible ON articles (id, status, published_at);
