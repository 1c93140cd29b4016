-- 0013_preview_links.sql -- shareable preview links: a draft or
-- scheduled article shown, as readers will see it, to people outside
-- the newsroom who hold the link.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- Only a BLAKE2b-256 hash of each link's random 256-bit token is kept,
-- so a copy of the database opens no preview.  A link works until
-- expires_at, or until revoked_at is set; revoked and expired rows stay
-- so the editor's list can say what became of each link.
CREATE TABLE preview_links (
	id		INTEGER PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	token_hash	TEXT NOT NULL UNIQUE,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL,
	revoked_at	INTEGER
) STRICT;

CREATE INDEX preview_links_article ON preview_links (article_id);
