-- 0022_author_profiles.sql -- author profiles: a photo from the media
-- library, links (one URL a line: the author's site, social accounts),
-- and whether the byline is a person or a desk ("News Desk"), which
-- structured data types as Person or Organization.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- A photo that is deleted from the library leaves the profile without
-- one rather than blocking the deletion.
ALTER TABLE authors ADD COLUMN photo_id INTEGER
	REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE authors ADD COLUMN links TEXT NOT NULL DEFAULT '';
ALTER TABLE authors ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
	CHECK (kind IN ('person', 'organization'));
