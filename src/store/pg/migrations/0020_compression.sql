-- 0020_compression.sql -- article and page bodies compressed with LZ4.
--
-- An article's three bodies (Markdown, HTML, plain text) are a few
-- kilobytes each, so PostgreSQL stores them compressed out of line
-- (TOAST), and a list of articles (the front page, a section, a feed)
-- decompresses every one of them.  With the default pglz that
-- decompression was the largest single cost of an uncached front page
-- (bench/pg.sh); LZ4 decompresses several times faster for about the
-- same size.  Only values written from now on use it (nutgraf db copy
-- writes them all); a server built without LZ4 keeps pglz.
DO $$
BEGIN
	ALTER TABLE articles
		ALTER COLUMN body_md SET COMPRESSION lz4,
		ALTER COLUMN body_html SET COMPRESSION lz4,
		ALTER COLUMN body_text SET COMPRESSION lz4;
	ALTER TABLE pages
		ALTER COLUMN body_src SET COMPRESSION lz4,
		ALTER COLUMN body_html SET COMPRESSION lz4,
		ALTER COLUMN body_text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
	RAISE NOTICE 'no LZ4 in this server: bodies stay pglz-compressed';
END
$$;
