-- 0009_body_format.sql -- PostgreSQL dialect of the SQLite 0009: whether an
-- article body is Markdown (0) or imported HTML (1).

ALTER TABLE articles ADD COLUMN body_format bigint NOT NULL DEFAULT 0
	CHECK (body_format IN (0, 1));
