/*
 * sqlite_sql.c -- every SQL statement of the SQLite backend.
 *
 * One table indexed by enum stmt (sqlite_sql.h), with designated
 * initializers so that entries added by different changes cannot drift out
 * of step with the enum.  sqlite.c prepares each
 * entry once per connection and binds parameters by number, so nothing
 * here is ever built from input.  The schema these statements expect is
 * in the migrations directory (NNNN_name.sql).
 *
 * "Published" always means status 'published' and published_at at or
 * before now (?1 in the article statements): a published article with a
 * future date is scheduled in all but name and stays hidden until then.
 */
#include "store/sqlite_sql.h"

/* The columns of enum acol, in its order. */
#define ARTICLE_COLS \
	"a.id, a.slug, a.kicker, a.title, a.dek, a.source_name, " \
	"a.source_url, a.body_md, a.body_html, a.body_text, a.status, " \
	"a.comments_open, a.created_at, a.published_at, a.updated_at, " \
	"a.seo_title, a.seo_description, a.legacy_url, a.author_id, " \
	"a.section_id, a.related_id, a.version, " \
	"au.id, au.slug, au.name, au.bio, " \
	"se.id, se.slug, se.name, se.description, se.position, " \
	"re.id, re.slug, re.title, re.published_at "

/* The related article joins only when it is itself published (?1: now). */
#define ARTICLE_FROM \
	"FROM articles a " \
	"LEFT JOIN authors au ON au.id = a.author_id " \
	"LEFT JOIN sections se ON se.id = a.section_id " \
	"LEFT JOIN articles re ON re.id = a.related_id " \
	"AND re.status = 'published' AND re.published_at <= ?1 "

#define PUBLISHED \
	"a.status = 'published' AND a.published_at <= ?1 "

/* Newest first; the id breaks ties so pages never overlap or skip. */
#define NEWEST \
	"ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3"

#define BY_SECTION	"AND a.section_id = ?4 "
#define BY_AUTHOR	"AND a.author_id = ?5 "
#define BY_TAG \
	"AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ?6) "
/* Any combination: slower (no single index fits), rarely used. */
#define BY_ANY \
	"AND (?4 = 0 OR a.section_id = ?4) " \
	"AND (?5 = 0 OR a.author_id = ?5) " \
	"AND (?6 = 0 OR a.id IN " \
	"(SELECT article_id FROM article_tags WHERE tag_id = ?6)) "

const char *const sqlite_sql[STMT__MAX] = {
	/* STMT_PRAGMA_WAL */
	[STMT_PRAGMA_WAL] =
		"PRAGMA journal_mode = WAL",
	/*
	 * STMT_PRAGMA_SYNCHRONOUS: in WAL mode, NORMAL syncs the log only
	 * at checkpoints.  A commit has still been written to the WAL file
	 * (the kernel's page cache) before COMMIT returns, so it survives
	 * the process being killed (kill -9, a crash); only an operating
	 * system crash or power loss can roll back the last commits, and
	 * even then the database stays consistent.  That is the promise
	 * DESIGN.md makes ("acknowledged writes survive kill -9") at a
	 * fraction of FULL's fsync per commit.
	 */
	[STMT_PRAGMA_SYNCHRONOUS] =
		"PRAGMA synchronous = NORMAL",
	/* STMT_PRAGMA_FOREIGN_KEYS_ON: off by default, per connection. */
	[STMT_PRAGMA_FOREIGN_KEYS_ON] =
		"PRAGMA foreign_keys = ON",
	/* STMT_PRAGMA_FOREIGN_KEYS: reads it back (0 if compiled out). */
	[STMT_PRAGMA_FOREIGN_KEYS] =
		"PRAGMA foreign_keys",
	/* STMT_PRAGMA_CHECKPOINT: leave no WAL behind on a clean close. */
	[STMT_PRAGMA_CHECKPOINT] =
		"PRAGMA wal_checkpoint(TRUNCATE)",
	/* STMT_PRAGMA_OPTIMIZE: SQLite asks for this before each close. */
	[STMT_PRAGMA_OPTIMIZE] =
		"PRAGMA optimize",

	/* STMT_BEGIN_READ: one snapshot for a lookup's queries. */
	[STMT_BEGIN_READ] =
		"BEGIN",
	/*
	 * STMT_BEGIN_WRITE: take the write lock up front, so a busy
	 * database makes us wait (busy_timeout) here instead of failing a
	 * read transaction's upgrade halfway through.
	 */
	[STMT_BEGIN_WRITE] =
		"BEGIN IMMEDIATE",
	/* STMT_COMMIT */
	[STMT_COMMIT] =
		"COMMIT",
	/* STMT_ROLLBACK */
	[STMT_ROLLBACK] =
		"ROLLBACK",

	/* STMT_MIG_CREATE */
	[STMT_MIG_CREATE] =
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		"version INTEGER PRIMARY KEY, "
		"name TEXT NOT NULL, "
		"applied_at INTEGER NOT NULL) STRICT",
	/* STMT_MIG_APPLIED */
	[STMT_MIG_APPLIED] =
		"SELECT 1 FROM schema_migrations WHERE version = ?1",
	/* STMT_MIG_RECORD */
	[STMT_MIG_RECORD] =
		"INSERT INTO schema_migrations (version, name, applied_at) "
		"VALUES (?1, ?2, ?3)",
	/* STMT_SCHEMA_VERSION */
	[STMT_SCHEMA_VERSION] =
		"SELECT coalesce(max(version), 0) FROM schema_migrations",

	/* STMT_IS_EMPTY */
	[STMT_IS_EMPTY] =
		"SELECT NOT EXISTS (SELECT 1 FROM articles) "
		"AND NOT EXISTS (SELECT 1 FROM sections) "
		"AND NOT EXISTS (SELECT 1 FROM authors)",
	/* STMT_SECTION_ADD */
	[STMT_SECTION_ADD] =
		"INSERT INTO sections (slug, name, description, position) "
		"VALUES (?1, ?2, ?3, ?4)",
	/* STMT_AUTHOR_ADD */
	[STMT_AUTHOR_ADD] =
		"INSERT INTO authors (slug, name, bio, created_at) "
		"VALUES (?1, ?2, ?3, ?4)",
	/* STMT_TAG_INSERT: a tag is identified by its slug. */
	[STMT_TAG_INSERT] =
		"INSERT INTO tags (slug, name) VALUES (?1, ?2) "
		"ON CONFLICT (slug) DO NOTHING",
	/* STMT_TAG_ID */
	[STMT_TAG_ID] =
		"SELECT id FROM tags WHERE slug = ?1",
	/* STMT_ARTICLE_INSERT: parameters are enum apar. */
	[STMT_ARTICLE_INSERT] =
		"INSERT INTO articles (slug, kicker, title, dek, source_name, "
		"source_url, body_md, body_html, body_text, status, comments_open, "
		"created_at, published_at, updated_at, seo_title, seo_description, "
		"legacy_url, author_id, section_id, related_id) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	/*
	 * STMT_ARTICLE_UPDATE: parameters are enum apar; version 0 (?22)
	 * skips the optimistic lock.  created_at never changes.
	 */
	[STMT_ARTICLE_UPDATE] =
		"UPDATE articles SET slug = ?1, kicker = ?2, title = ?3, dek = ?4, "
		"source_name = ?5, source_url = ?6, body_md = ?7, body_html = ?8, "
		"body_text = ?9, status = ?10, comments_open = ?11, "
		"published_at = ?13, updated_at = ?14, seo_title = ?15, "
		"seo_description = ?16, legacy_url = ?17, author_id = ?18, "
		"section_id = ?19, related_id = ?20, version = version + 1 "
		"WHERE id = ?21 AND (?22 = 0 OR version = ?22)",
	/* STMT_ARTICLE_VERSION: tells a lost race from a missing row. */
	[STMT_ARTICLE_VERSION] =
		"SELECT version FROM articles WHERE id = ?1",
	/* STMT_ARTICLE_TAGS_CLEAR */
	[STMT_ARTICLE_TAGS_CLEAR] =
		"DELETE FROM article_tags WHERE article_id = ?1",
	/* STMT_ARTICLE_TAG_ADD */
	[STMT_ARTICLE_TAG_ADD] =
		"INSERT INTO article_tags (article_id, tag_id, position) "
		"VALUES (?1, ?2, ?3)",
	/* STMT_REVISION_ADD */
	[STMT_REVISION_ADD] =
		"INSERT INTO article_revisions (article_id, created_at, title, dek, "
		"body_md, author_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* STMT_REVISION_COUNT */
	[STMT_REVISION_COUNT] =
		"SELECT count(*) FROM article_revisions WHERE article_id = ?1",
	/* STMT_ARTICLE_BY_SLUG: ?1 now, ?2 slug. */
	[STMT_ARTICLE_BY_SLUG] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM
		"WHERE a.slug = ?2 AND " PUBLISHED,
	/* STMT_ARTICLE_BY_ID: ?1 now (for related), ?2 id; any status. */
	[STMT_ARTICLE_BY_ID] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM
		"WHERE a.id = ?2",
	/* STMT_ARTICLE_TAGS */
	[STMT_ARTICLE_TAGS] =
		"SELECT t.id, t.slug, t.name FROM article_tags at "
		"JOIN tags t ON t.id = at.tag_id "
		"WHERE at.article_id = ?1 ORDER BY at.position, t.id",

	/* STMT_LIST_ALL: parameters are enum lpar. */
	[STMT_LIST_ALL] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED NEWEST,
	/* STMT_LIST_SECTION */
	[STMT_LIST_SECTION] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED BY_SECTION
	NEWEST,
	/* STMT_LIST_AUTHOR */
	[STMT_LIST_AUTHOR] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED BY_AUTHOR
	NEWEST,
	/* STMT_LIST_TAG */
	[STMT_LIST_TAG] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED BY_TAG NEWEST,
	/* STMT_LIST_ANY */
	[STMT_LIST_ANY] =
		"SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED BY_ANY NEWEST,
	/* STMT_COUNT_ALL */
	[STMT_COUNT_ALL] =
		"SELECT count(*) FROM articles a WHERE " PUBLISHED,
	/* STMT_COUNT_SECTION */
	[STMT_COUNT_SECTION] =
		"SELECT count(*) FROM articles a WHERE " PUBLISHED BY_SECTION,
	/* STMT_COUNT_AUTHOR */
	[STMT_COUNT_AUTHOR] =
		"SELECT count(*) FROM articles a WHERE " PUBLISHED BY_AUTHOR,
	/* STMT_COUNT_TAG */
	[STMT_COUNT_TAG] =
		"SELECT count(*) FROM articles a WHERE " PUBLISHED BY_TAG,
	/* STMT_COUNT_ANY */
	[STMT_COUNT_ANY] =
		"SELECT count(*) FROM articles a WHERE " PUBLISHED BY_ANY,
	/*
	 * STMT_LIST_TAGS: the tags of a whole page of articles in one
	 * query; ?1 is a JSON array of article ids.  Grouped by article so
	 * each article's tags are one contiguous run.
	 */
	[STMT_LIST_TAGS] =
		"SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at "
		"JOIN tags t ON t.id = at.tag_id "
		"WHERE at.article_id IN (SELECT value FROM json_each(?1)) "
		"ORDER BY at.article_id, at.position, t.id",

	/* STMT_SECTIONS */
	[STMT_SECTIONS] =
		"SELECT id, slug, name, description, position FROM sections "
		"ORDER BY position, id",
	/* STMT_SECTION_BY_SLUG */
	[STMT_SECTION_BY_SLUG] =
		"SELECT id, slug, name, description, position FROM sections "
		"WHERE slug = ?1",
	/* STMT_TAG_BY_SLUG */
	[STMT_TAG_BY_SLUG] =
		"SELECT id, slug, name FROM tags WHERE slug = ?1",
	/* STMT_AUTHOR_BY_SLUG */
	[STMT_AUTHOR_BY_SLUG] =
		"SELECT id, slug, name, bio FROM authors WHERE slug = ?1",
	/* STMT_SETTING_GET */
	[STMT_SETTING_GET] =
		"SELECT value FROM settings WHERE key = ?1",
	/* STMT_SETTING_SET */
	[STMT_SETTING_SET] =
		"INSERT INTO settings (key, value) VALUES (?1, ?2) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value",
};
