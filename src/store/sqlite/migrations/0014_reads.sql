-- 0014_reads.sql -- how often each article was read, per hour, for the
-- "Most read" list: counts only, no cookie, address or agent behind
-- them.  Each instance adds what it counted in memory every minute or
-- so; rows older than the list looks back are deleted as it goes.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

CREATE TABLE article_reads (
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	hour		INTEGER NOT NULL, -- Unix time of the hour's start
	reads		INTEGER NOT NULL,
	PRIMARY KEY (article_id, hour)
) STRICT;

-- The list sums the recent hours; pruning drops the old ones.
CREATE INDEX article_reads_hour ON article_reads (hour);
