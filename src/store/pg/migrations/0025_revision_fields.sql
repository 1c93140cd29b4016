-- 0025_revision_fields.sql -- PostgreSQL dialect of the SQLite 0025: a
-- revision keeps the kicker, section, tags, source, canonical address,
-- search-engine fields and featured image.  See the SQLite file.

ALTER TABLE article_revisions ADD COLUMN kicker text;
ALTER TABLE article_revisions ADD COLUMN section_id bigint;
ALTER TABLE article_revisions ADD COLUMN tags text;
ALTER TABLE article_revisions ADD COLUMN source_name text;
ALTER TABLE article_revisions ADD COLUMN source_url text;
ALTER TABLE article_revisions ADD COLUMN canonical_url text;
ALTER TABLE article_revisions ADD COLUMN seo_title text;
ALTER TABLE article_revisions ADD COLUMN seo_description text;
ALTER TABLE article_revisions ADD COLUMN featured bigint;
