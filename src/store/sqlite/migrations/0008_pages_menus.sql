-- 0008_pages_menus.sql -- static pages, navigation menus and what
-- WordPress URLs and imports need.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- For the WordPress importer (helper 11a): every imported kind
-- of row gets a nullable wp_id, the post/term/user/comment ID it had in
-- WordPress, unique per table, so a second import of the same export
-- updates rows instead of duplicating them, and /?p=ID, /?page_id=ID and
-- /?attachment_id=ID keep answering.  Read and write them through
-- store_wp_id_set() / store_wp_lookup() (store.h); pages, menus and menu
-- items also take wp_id in their structs.

ALTER TABLE articles ADD COLUMN wp_id INTEGER;
ALTER TABLE media ADD COLUMN wp_id INTEGER;
ALTER TABLE sections ADD COLUMN wp_id INTEGER;
ALTER TABLE tags ADD COLUMN wp_id INTEGER;
ALTER TABLE authors ADD COLUMN wp_id INTEGER;
ALTER TABLE users ADD COLUMN wp_id INTEGER;
ALTER TABLE comments ADD COLUMN wp_id INTEGER;
-- NULLs never clash in a UNIQUE index, so native rows need no id.
CREATE UNIQUE INDEX articles_wp_id ON articles (wp_id);
CREATE UNIQUE INDEX media_wp_id ON media (wp_id);
CREATE UNIQUE INDEX sections_wp_id ON sections (wp_id);
CREATE UNIQUE INDEX tags_wp_id ON tags (wp_id);
CREATE UNIQUE INDEX authors_wp_id ON authors (wp_id);
CREATE UNIQUE INDEX users_wp_id ON users (wp_id);
CREATE UNIQUE INDEX comments_wp_id ON comments (wp_id);

-- WordPress categories nest; /category/parent/child/ names the child.
ALTER TABLE sections ADD COLUMN parent_id INTEGER
	REFERENCES sections (id) ON DELETE SET NULL;
CREATE INDEX sections_parent ON sections (parent_id);

-- Static pages ("About", "Contact").  path is the URL without its
-- slashes ("about", "about/team"): the parent's path, '/', the slug.  The
-- store keeps it (and its descendants') in step when a slug or parent
-- changes, so a reader's request is one indexed lookup.  body_format says
-- what body_src holds: Markdown written here, or sanitized HTML from an
-- import; body_html and body_text are rendered from it on save.
CREATE TABLE pages (
	id		INTEGER PRIMARY KEY,
	wp_id		INTEGER UNIQUE,
	parent_id	INTEGER REFERENCES pages (id),
	slug		TEXT NOT NULL,
	path		TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL,
	body_format	TEXT NOT NULL DEFAULT 'markdown'
			CHECK (body_format IN ('markdown', 'html')),
	body_src	TEXT NOT NULL DEFAULT '',
	body_html	TEXT NOT NULL DEFAULT '',
	body_text	TEXT NOT NULL DEFAULT '',
	status		TEXT NOT NULL DEFAULT 'draft'
			CHECK (status IN ('draft', 'pending', 'published',
			    'private', 'trashed')),
	menu_order	INTEGER NOT NULL DEFAULT 0,
	author_id	INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL,
	published_at	INTEGER,
	updated_at	INTEGER NOT NULL,
	version		INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE INDEX pages_parent ON pages (parent_id, menu_order, id);
CREATE INDEX pages_author ON pages (author_id);
CREATE INDEX pages_status ON pages (status, path);

CREATE TABLE page_revisions (
	id		INTEGER PRIMARY KEY,
	page_id		INTEGER NOT NULL
			REFERENCES pages (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	title		TEXT NOT NULL,
	body_format	TEXT NOT NULL,
	body_src	TEXT NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX page_revisions_page ON page_revisions (page_id, id);
CREATE INDEX page_revisions_user ON page_revisions (user_id);

-- A page's earlier paths, so links to a renamed or moved page get a 301.
-- Filled by the trigger below, for pages that were public at the time.
CREATE TABLE page_old_paths (
	path		TEXT PRIMARY KEY,
	page_id		INTEGER NOT NULL
			REFERENCES pages (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX page_old_paths_page ON page_old_paths (page_id);

CREATE TRIGGER pages_old_path AFTER UPDATE OF path ON pages
WHEN old.path <> new.path AND old.status = 'published'
BEGIN
	INSERT OR REPLACE INTO page_old_paths (path, page_id, created_at)
	VALUES (old.path, old.id, unixepoch());
END;

-- A path in use again is no longer an old one.
CREATE TRIGGER pages_path_reused AFTER INSERT ON pages
BEGIN
	DELETE FROM page_old_paths WHERE path = new.path;
END;
CREATE TRIGGER pages_path_reused_update AFTER UPDATE OF path ON pages
BEGIN
	DELETE FROM page_old_paths WHERE path = new.path;
END;

-- An article's earlier slugs (WordPress's _wp_old_slug): the old URL
-- answers 301.  Renames of published articles fill it by trigger; the
-- importer adds WordPress's own with store_old_slug_add().
CREATE TABLE old_slugs (
	slug		TEXT PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX old_slugs_article ON old_slugs (article_id);

CREATE TRIGGER articles_old_slug AFTER UPDATE OF slug ON articles
WHEN old.slug <> new.slug AND old.status = 'published'
BEGIN
	INSERT OR REPLACE INTO old_slugs (slug, article_id, created_at)
	VALUES (old.slug, old.id, unixepoch());
END;

CREATE TRIGGER articles_slug_reused AFTER INSERT ON articles
BEGIN
	DELETE FROM old_slugs WHERE slug = new.slug;
END;
CREATE TRIGGER articles_slug_reused_update AFTER UPDATE OF slug ON articles
BEGIN
	DELETE FROM old_slugs WHERE slug = new.slug;
END;

-- WordPress upload paths ("2019/05/photo.jpg", the part after
-- /wp-content/uploads/) of media imported from them: the old URL answers
-- 301 to the media library's file.
CREATE TABLE old_uploads (
	path		TEXT PRIMARY KEY,
	media_id	INTEGER NOT NULL
			REFERENCES media (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX old_uploads_media ON old_uploads (media_id);

-- Navigation menus: named lists of links, nested one level.
CREATE TABLE menus (
	id		INTEGER PRIMARY KEY,
	wp_id		INTEGER UNIQUE,
	name		TEXT NOT NULL UNIQUE,
	created_at	INTEGER NOT NULL
) STRICT;

-- Where the theme shows a menu; a location with no row falls back to
-- the section list.
CREATE TABLE menu_locations (
	location	TEXT PRIMARY KEY
			CHECK (location IN ('primary', 'footer')),
	menu_id		INTEGER NOT NULL
			REFERENCES menus (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX menu_locations_menu ON menu_locations (menu_id);

-- kind names what target_id points at (no foreign key: it points into
-- one of three tables); a target that is gone or not public is left out
-- when the menu is shown.  A 'url' item has url instead.  label "" or
-- NULL: the target's own title.  Children sit under a top-level item.
CREATE TABLE menu_items (
	id		INTEGER PRIMARY KEY,
	menu_id		INTEGER NOT NULL
			REFERENCES menus (id) ON DELETE CASCADE,
	wp_id		INTEGER UNIQUE,
	parent_id	INTEGER REFERENCES menu_items (id) ON DELETE CASCADE,
	position	INTEGER NOT NULL,
	kind		TEXT NOT NULL
			CHECK (kind IN ('page', 'section', 'article', 'url')),
	target_id	INTEGER,
	url		TEXT,
	label		TEXT
) STRICT;

CREATE INDEX menu_items_menu ON menu_items (menu_id, parent_id, position);
CREATE INDEX menu_items_parent ON menu_items (parent_id);
