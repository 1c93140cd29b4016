-- 0002_comments.sql -- readers' comments.
--
-- A comment belongs to an article and, when it is a reply, to a parent
-- comment of the same article; depth is 1 for a top-level comment and
-- the parent's depth + 1 for a reply, stored so that the thread limit
-- needs no recursive query.  email is stored lower-cased and is never
-- shown to readers; ip and user_agent are kept for moderators.  body is
-- the plain text as the reader wrote it: the HTML is made when the page
-- is rendered (content/comment.c), so a fix to the formatter applies to
-- every old comment too.

CREATE TABLE comments (
	id		INTEGER PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	parent_id	INTEGER REFERENCES comments (id) ON DELETE SET NULL,
	depth		INTEGER NOT NULL DEFAULT 1 CHECK (depth >= 1),
	status		TEXT NOT NULL DEFAULT 'pending'
			CHECK (status IN ('pending', 'approved', 'spam',
			    'trash')),
	author		TEXT NOT NULL,
	email		TEXT NOT NULL,
	url		TEXT,
	body		TEXT NOT NULL,
	ip		TEXT NOT NULL DEFAULT '',
	user_agent	TEXT NOT NULL DEFAULT '',
	created_at	INTEGER NOT NULL
) STRICT;

-- An article's thread (approved, oldest first) and the duplicate check.
CREATE INDEX comments_article ON comments (article_id, status, created_at,
    id);
-- "Has this email an approved comment?" (comment_previously_approved).
CREATE INDEX comments_email ON comments (email, status);
-- The moderation queue, newest first, and the per-status counts.
CREATE INDEX comments_status ON comments (status, id);
-- Child key of parent_id, so ON DELETE SET NULL does not scan.
CREATE INDEX comments_parent ON comments (parent_id);
