-- 0014_reads.sql -- PostgreSQL dialect of the SQLite 0014: reads per
-- article and hour for the "Most read" list.  See the SQLite file.

CREATE TABLE article_reads (
	article_id	bigint NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	hour		bigint NOT NULL,
	reads		bigint NOT NULL,
	PRIMARY KEY (article_id, hour)
);

CREATE INDEX article_reads_hour ON article_reads (hour);
