-- 0015_live.sql -- live coverage: an article followed as news happens,
-- with timestamped updates shown newest first.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- One row for an article that has (or had) live coverage: live while
-- ended_at is NULL.  Ending keeps the row and the updates, so the
-- article reads on as a normal story with its timeline.
CREATE TABLE live_coverage (
	article_id	INTEGER PRIMARY KEY
			REFERENCES articles (id) ON DELETE CASCADE,
	started_at	INTEGER NOT NULL,
	ended_at	INTEGER
) STRICT;

CREATE INDEX live_coverage_on ON live_coverage (article_id)
	WHERE ended_at IS NULL;

-- An update is rendered when saved, as a body is (HTML and text kept),
-- so no reader's request runs the Markdown renderer.  pinned: a key
-- point, shown again at the top.
CREATE TABLE live_updates (
	id		INTEGER PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	created_at	INTEGER NOT NULL,
	created_by	INTEGER REFERENCES users (id) ON DELETE SET NULL,
	pinned		INTEGER NOT NULL DEFAULT 0,
	body_md		TEXT NOT NULL,
	body_html	TEXT NOT NULL,
	body_text	TEXT NOT NULL
) STRICT;

CREATE INDEX live_updates_article ON live_updates (article_id, id);
