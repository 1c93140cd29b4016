-- 0025_revision_fields.sql -- a revision keeps everything an editor
-- changes, not only the title, standfirst and body: the kicker, section,
-- tags, source, canonical address, search-engine fields and featured
-- image, so the revision diff shows them and a restore brings them back.
--
-- Revisions made before this migration have featured NULL: they did not
-- record these fields, and restoring one leaves them as they are.
-- section_id and featured carry no foreign key: a revision is history
-- and keeps naming a section or picture that was deleted since (the
-- restore says so instead of failing).  featured is 0 for "no picture".
-- tags holds the names, ", " between them, in the article's order.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

ALTER TABLE article_revisions ADD COLUMN kicker TEXT;
ALTER TABLE article_revisions ADD COLUMN section_id INTEGER;
ALTER TABLE article_revisions ADD COLUMN tags TEXT;
ALTER TABLE article_revisions ADD COLUMN source_name TEXT;
ALTER TABLE article_revisions ADD COLUMN source_url TEXT;
ALTER TABLE article_revisions ADD COLUMN canonical_url TEXT;
ALTER TABLE article_revisions ADD COLUMN seo_title TEXT;
ALTER TABLE article_revisions ADD COLUMN seo_description TEXT;
ALTER TABLE article_revisions ADD COLUMN featured INTEGER;
