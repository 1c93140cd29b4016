-- 0030_media_library.sql -- PostgreSQL dialect of the SQLite 0030: the
-- name the file had on the uploader's computer, for the library's
-- search (NULL: not known).
ALTER TABLE media ADD COLUMN filename text;
