-- 0004_newsroom.sql -- the newsroom: people who log in, their
-- sessions, corrections shown on articles, and autosaved drafts.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).

-- Users with WordPress's roles.  pass_hash is libsodium's argon2id string
-- ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"), which carries its own
-- parameters, so raising them later needs no schema change.  author_id is
-- the byline the user writes under: "own articles" are those with that
-- author.
CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	login		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	role		TEXT NOT NULL
			CHECK (role IN ('contributor', 'author', 'editor',
			    'administrator')),
	pass_hash	TEXT NOT NULL,
	author_id	INTEGER REFERENCES authors (id) ON DELETE SET NULL,
	disabled	INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL
) STRICT;

CREATE INDEX users_author ON users (author_id);

-- Sessions are found by the hash of their token: a copy of the database
-- (a backup, a leaked file) holds no token that could be replayed.  csrf
-- is the synchronizer token every state-changing form of this session
-- must carry.  Expiry is checked on read: idle (last_seen) and absolute
-- (expires_at).
CREATE TABLE sessions (
	token_hash	TEXT PRIMARY KEY,
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	csrf		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	last_seen	INTEGER NOT NULL,
	expires_at	INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Corrections and update notes shown to readers under the article.
CREATE TABLE corrections (
	id		INTEGER PRIMARY KEY,
	article_id	INTEGER NOT NULL
			REFERENCES articles (id) ON DELETE CASCADE,
	kind		TEXT NOT NULL CHECK (kind IN ('correction', 'update')),
	body		TEXT NOT NULL,
	created_at	INTEGER NOT NULL,
	user_id		INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX corrections_article ON corrections (article_id, created_at);
CREATE INDEX corrections_user ON corrections (user_id);

-- The last autosave of each user's open editor (article_id 0: a new
-- article not yet saved), so a closed tab loses nothing.  Deleted when
-- the article is saved for real.
CREATE TABLE autosaves (
	user_id		INTEGER NOT NULL
			REFERENCES users (id) ON DELETE CASCADE,
	article_id	INTEGER NOT NULL,
	title		TEXT NOT NULL,
	dek		TEXT NOT NULL,
	body_md		TEXT NOT NULL,
	saved_at	INTEGER NOT NULL,
	PRIMARY KEY (user_id, article_id)
) STRICT, WITHOUT ROWID;

-- The scheduler asks for the next due article often.
CREATE INDEX articles_due ON articles (status, published_at)
	WHERE status = 'scheduled';

-- Who saved each revision (the article's author_id says whose byline).
ALTER TABLE article_revisions ADD COLUMN user_id INTEGER
	REFERENCES users (id) ON DELETE SET NULL;
