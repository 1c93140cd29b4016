-- 0028_media_path.sql -- find an image by its media key.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- A body's <img src="/media/KEY/960.jpg"> names its image by the key
-- of its variants' directory; the page shows it with every variant,
-- its width and height (src/media/pictures.c), so each shown page looks
-- the row up by the range of paths under "KEY/".
CREATE INDEX media_path ON media (path);
