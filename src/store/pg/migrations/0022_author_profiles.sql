-- 0022_author_profiles.sql -- PostgreSQL dialect of the SQLite 0022:
-- an author's photo, links, and person or desk.  See the SQLite file.

ALTER TABLE authors ADD COLUMN photo_id bigint
	REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE authors ADD COLUMN links text NOT NULL DEFAULT '';
ALTER TABLE authors ADD COLUMN kind text NOT NULL DEFAULT 'person'
	CHECK (kind IN ('person', 'organization'));
