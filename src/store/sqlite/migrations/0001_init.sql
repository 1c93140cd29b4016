-- 0001_init.sql -- the first schema: sections, authors, tags, articles with
-- their tags and revisions, media and settings.
--
-- Runs inside one transaction opened by the migration runner (migrate.c),
-- so it must not BEGIN or COMMIT itself.  Tables are STRICT so a value of
-- the wrong type is an error instead of being stored silently.  Times are
-- Unix seconds, UTC.  Optional text is NULL rather than ''; the store turns
-- NULL back into an empty string when it reads a row.

CREATE TABLE sections (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	description	TEXT,
	position	INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The navigation lists sections by position.
CREATE INDEX sections_position ON sections (position, id);

CREATE TABLE authors (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	bio		TEXT,
	email		TEXT,
	created_at	INTEGER NOT NULL
) STRICT;

CREATE TABLE tags (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL
) STRICT;

CREATE TABLE media (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL,
	mime		TEXT NOT NULL,
	width		INTEGER NOT NULL DEFAULT 0,
	height		INTEGER NOT NULL DEFAULT 0,
	alt		TEXT,
	caption		TEXT,
	credit		TEXT,
	created_at	INTEGER NOT NULL
) STRICT;

-- version is bumped by every update; a save that names the version it
-- read fails when someone else saved in between (optimistic locking).
CREATE TABLE articles (
	id		INTEGER PRIMARY KEY,
	slug		TEXT NOT NULL UNIQUE,
	kicker		TEXT,
	title		TEXT NOT NULL,
	dek		TEXT,
	source_name	TEXT,
	source_url	TEXT,
	body_md		TEXT NOT NULL DEFAULT '',
	body_html	TEXT NOT NULL DEFAULT '',
	body_text	TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'draft'
			CHECK (status IN ('draft', 'pending', 'scheduled',
			    'published', 'trashed')),
	comments_open	INTEGER NOT NULL DEFAULT 1
			CHECK (comments_open IN (0, 1)),
	created_at	INTEGER NOT NULL,
	published_at	INTEGER,
	updated_at	INTEGER NOT NULL,
	seo_title	TEXT,
	seo_description	TEXT,
	legacy_url	TEXT,
	author_id	INTEGER REFERENCES authors (id),
	section_id	INTEGER REFERENCES sections (id),
	related_id	INTEGER REFERENCES articles (id) ON DELETE SET NULL,
	featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL,
	version		INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Archives: WHERE status = 'published' [AND x_id = ?] ORDER BY
-- published_at DESC, id DESC.  The indexes are ascending; SQLite walks
-- them backwards, which also yields the rowid tie-break in DESC order, so
-- no list query needs a sort step.
CREATE INDEX articles_published ON articles (status, published_at);
CREATE INDEX articles_section ON articles (section_id, status, published_at);
CREATE INDEX articles_author ON articles (author_id, status, published_at);
-- Child keys of foreign keys, so ON DELETE SET NULL does not scan.
CREATE INDEX articles_related ON articles (related_id);
CREATE INDEX articles_media ON articles (featured_media_id);

CREATE TABLE article_tags (
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	tag_id		INTEGER NOT NULL
			REFERENCES tags (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;

-- Tag archives start from the tag.
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE article_revisions (
	id		INTEGER PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	title		TEXT NOT NULL,
	dek		TEXT,
	body_md		TEXT NOT NULL,
	author_id	INTEGER REFERENCES authors (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX article_revisions_article ON article_revisions (article_id, id);
CREATE INDEX article_revisions_author ON article_revisions (author_id);

CREATE TABLE settings (
	key		TEXT PRIMARY KEY,
	value		TEXT NOT NULL
) STRICT, WITHOUT ROWID;
