-- 0030_media_library.sql -- the media library as editors work from it.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- filename is the name the file had on the uploader's computer
-- ("harbour-at-dawn.jpg"), kept so the library can be searched by it;
-- NULL for media stored before it was kept, and for imports that had
-- none.  The variants' names still come from the key (src/media/media.h).
ALTER TABLE media ADD COLUMN filename TEXT;
