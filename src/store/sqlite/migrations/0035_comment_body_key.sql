-- 0035_comment_body_key.sql -- find a repeated comment by its text's hash.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- A new comment is refused when the same text was already posted on the
-- article (STMT_COMMENT_DUPLICATE).  Compared row by row, that read every
-- comment of the article, under the write lock, at every post: a story
-- with thousands of comments held each writer milliseconds, and comment
-- writes fell to a fifth of what they run at without the check.
-- body_key is a 64-bit hash of the body (store_comment_body_key(), set
-- by every insert); the check reads the rows of equal hash only.  Rows
-- from before this migration, and bodies a moderator edited, keep NULL
-- and are still compared by their text.
ALTER TABLE comments ADD COLUMN body_key INTEGER;
CREATE INDEX comments_body_key ON comments (article_id, body_key);
