-- 0024_search_prefixes.sql -- PostgreSQL counterpart of the SQLite
-- 0024, which adds FTS5 prefix indexes of four and five letters.
-- Nothing to change here: a prefix (to_tsquery's 'gove':*) is answered
-- by the GIN index of article_search as it is, whatever its length.

SELECT 1;
