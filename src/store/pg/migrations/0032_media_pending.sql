-- 0032_media_pending.sql -- images whose variants are made later.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- A WordPress import keeps each image's original and makes its sized
-- variants only when first asked for, or when the background job
-- (src/jobs/warm.c) gets to it (src/media/media.h).  pending is 1 while
-- some variant may still be missing; the partial index keeps the job's
-- look for the next ones cheap however many images are done.
ALTER TABLE media ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX media_pending ON media (id) WHERE pending = 1;
