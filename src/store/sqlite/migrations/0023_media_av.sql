-- 0023_media_av.sql -- audio and video in the media library (src/media/av.h).
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- An audio or video item is one file kept as it came: bytes is its
-- length (a feed's enclosure and the library give it), duration its
-- running time in seconds as WordPress recorded it (0: not known).
-- Images keep 0 in both.
ALTER TABLE media ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN duration INTEGER NOT NULL DEFAULT 0;
