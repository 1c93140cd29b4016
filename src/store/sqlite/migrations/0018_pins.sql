-- 0018_pins.sql -- articles pinned to the front page (WordPress's
-- sticky posts): shown first on its first page while they are
-- published, newest first.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- A table of its own rather than a column of articles: pins are few,
-- and the article's many statements and column lists stay as they are.
CREATE TABLE article_pins (
	article_id	INTEGER PRIMARY KEY
			REFERENCES articles (id) ON DELETE CASCADE,
	pinned_at	INTEGER NOT NULL
) STRICT;
