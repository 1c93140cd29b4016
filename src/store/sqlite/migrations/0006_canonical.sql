-- 0006_canonical.sql -- an editor-set canonical URL per article.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- Where the article's original lives when it is not this site: a
-- syndicated story names its first publisher's page, and the reader
-- page's <link rel="canonical">, og:url and JSON-LD url point there so
-- search engines credit one copy.  NULL (the usual case): the article's
-- own address.  Apart from legacy_url, which is an imported site's old
-- path that redirects here.
ALTER TABLE articles ADD COLUMN canonical_url TEXT;
