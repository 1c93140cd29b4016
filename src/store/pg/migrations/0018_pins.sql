-- 0018_pins.sql -- PostgreSQL dialect of the SQLite 0018: articles
-- pinned to the front page (sticky posts).  See the SQLite file.

CREATE TABLE article_pins (
	article_id	bigint PRIMARY KEY
			REFERENCES articles (id) ON DELETE CASCADE,
	pinned_at	bigint NOT NULL
);
