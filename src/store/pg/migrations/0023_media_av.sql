-- 0023_media_av.sql -- PostgreSQL dialect of the SQLite 0023: audio and
-- video in the media library, with their length in bytes and their
-- running time in seconds (0: not known; images keep 0 in both).
ALTER TABLE media ADD COLUMN bytes bigint NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN duration bigint NOT NULL DEFAULT 0;
