/*
 * pg_sql.c -- every SQL statement of the PostgreSQL backend: the SQLite
 * backend's statements (src/store/sqlite_sql.c) in PostgreSQL's dialect,
 * entry for entry, so the two files can be compared line by line.
 *
 * One table indexed by enum stmt (pg_sql.h), with designated
 * initializers.  pg_util.c prepares each entry once per connection
 * (PQprepare, named "s<id>") and binds parameters by number as text, so
 * nothing here is ever built from input.  A parameter a statement does
 * not mention is prepared as text and ignored (the SQLite statements
 * share parameter numbers across families).  An entry left NULL stops
 * the store from opening.  The schema is in pg/migrations/.
 *
 * "Published" always means status 'published' and published_at at or
 * before now ($1 in the article statements): a published article with a
 * future date is scheduled in all but name and stays hidden until then.
 */
#include "store/pg/pg_sql.h"

/* The columns of enum acol, in its order. */
#define ARTICLE_COLS                                                    \
	"a.id, a.slug, a.kicker, a.title, a.dek, a.source_name, "       \
	"a.source_url, a.body_md, a.body_html, a.body_text, a.status, " \
	"a.comments_open, a.created_at, a.published_at, a.updated_at, " \
	"a.seo_title, a.seo_description, a.legacy_url, a.author_id, "   \
	"a.section_id, a.related_id, a.version, a.canonical_url, "      \
	"au.id, au.slug, au.name, au.bio, "                             \
	"se.id, se.slug, se.name, se.description, se.position, "        \
	"re.id, re.slug, re.title, re.published_at, a.body_format "

/* The related article joins only when it is itself published ($1: now). */
#define ARTICLE_FROM                                     \
	"FROM articles a "                               \
	"LEFT JOIN authors au ON au.id = a.author_id "   \
	"LEFT JOIN sections se ON se.id = a.section_id " \
	"LEFT JOIN articles re ON re.id = a.related_id " \
	"AND re.status = 'published' AND re.published_at <= $1 "

#define PUBLISHED "a.status = 'published' AND a.published_at <= $1 "

/* Newest first; the id breaks ties so pages never overlap or skip. */
#define NEWEST "ORDER BY a.published_at DESC, a.id DESC LIMIT $2 OFFSET $3"

#define BY_SECTION "AND a.section_id = $4 "
/* Every article the author is a byline of, co-authored ones too. */
#define BY_AUTHOR \
	"AND a.id IN (SELECT article_id FROM article_authors WHERE author_id = $5) "
#define BY_TAG \
	"AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = $6) "
/* Any combination: slower (no single index fits), rarely used. */
#define BY_ANY                                                            \
	"AND ($4::bigint = 0 OR a.section_id = $4) "                      \
	"AND ($5::bigint = 0 OR a.id IN "                                 \
	"(SELECT article_id FROM article_authors WHERE author_id = $5)) " \
	"AND ($6::bigint = 0 OR a.id IN "                                 \
	"(SELECT article_id FROM article_tags WHERE tag_id = $6)) "

/* --- newsroom: the columns of enum ucol, in its order. */
#define USER_COLS                                                   \
	"u.id, u.login, u.name, u.role, u.pass_hash, u.author_id, " \
	"u.disabled, u.created_at, u.updated_at, u.email, "         \
	"u.must_change_password "

/* The newsroom list's filters (STMT_ADMIN_LIST, STMT_ADMIN_COUNT). */
#define ADMIN_WHERE                                                             \
	"(CASE WHEN $1::text = '' THEN a.status <> 'trashed' "                  \
	"ELSE a.status = $1 END) "                                              \
	"AND ($2::bigint = 0 OR a.section_id = $2) "                            \
	"AND ($3::bigint = 0 OR a.id IN (SELECT article_id "                    \
	"FROM article_authors WHERE author_id = $3)) "                          \
	"AND ($4::text = '' OR a.title ILIKE $4 ESCAPE '\\' "                   \
	"OR a.body_md ILIKE $4 ESCAPE '\\') "                                   \
	"AND ($5::bigint = 0 OR coalesce(a.published_at, a.created_at) >= $5) " \
	"AND ($6::bigint = 0 OR coalesce(a.published_at, a.created_at) < $6) "

/* --- pages: the columns of enum pcol but the last. */
#define PAGE_COLS                                                         \
	"p.id, p.wp_id, p.parent_id, p.slug, p.path, p.title, "           \
	"p.body_format, p.body_src, p.body_html, p.body_text, p.status, " \
	"p.menu_order, p.author_id, p.created_at, p.published_at, "       \
	"p.updated_at, p.version"

/* Menu items: top level by position, each followed by its children. */
#define MENU_ORDER                                     \
	"ORDER BY coalesce(pa.position, i.position), " \
	"coalesce(pa.id, i.id), i.parent_id IS NOT NULL, i.position, i.id "

#define WP_SET(t) "UPDATE " t " SET wp_id = $2 WHERE id = $1"
#define WP_GET(t) "SELECT id FROM " t " WHERE wp_id = $1"
#define WP_ROWS(t)                              \
	"SELECT id, coalesce(wp_id, 0) FROM " t \
	" WHERE id > $1 ORDER BY id LIMIT $2"

#define REVISION_FROM_ARTICLE                                                 \
	"INSERT INTO article_revisions (article_id, created_at, title, dek, " \
	"body_md, author_id, kicker, section_id, tags, source_name, "         \
	"source_url, canonical_url, seo_title, seo_description, featured, "   \
	"authors) "                                                           \
	"SELECT a.id, $2::bigint, a.title, a.dek, a.body_md, a.author_id, "   \
	"a.kicker, a.section_id, "                                            \
	"(SELECT string_agg(t.name, ', ' ORDER BY at.position, t.id) "        \
	"FROM article_tags at JOIN tags t ON t.id = at.tag_id "               \
	"WHERE at.article_id = $1), "                                         \
	"a.source_name, a.source_url, a.canonical_url, a.seo_title, "         \
	"a.seo_description, coalesce(a.featured_media_id, 0), "               \
	"coalesce((SELECT string_agg(aa.author_id::text, ',' "                \
	"ORDER BY aa.position) FROM article_authors aa "                      \
	"WHERE aa.article_id = $1), '') "                                     \
	"FROM articles a WHERE a.id = $1"

const char *const pg_sql[STMT__MAX] = {
	/* STMT_BEGIN_READ: one snapshot for a lookup's queries. */
	[STMT_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
	/*
	 * STMT_BEGIN_WRITE: take the write lock up front, so a busy
	 * database makes us wait (busy_timeout) here instead of failing a
	 * read transaction's upgrade halfway through.
	 */
	[STMT_BEGIN_WRITE] = "BEGIN ISOLATION LEVEL READ COMMITTED",
	/*
	 * STMT_WRITE_LOCK: every write holds it until its transaction ends
	 * (pg_int.h: the isolation contract); the number is PG_WRITE_LOCK.
	 */
	[STMT_WRITE_LOCK] = "SELECT pg_advisory_xact_lock(7959390426176759297)",
	/* STMT_MIGRATE_LOCK: PG_MIGRATE_LOCK, held by each migration step. */
	[STMT_MIGRATE_LOCK] =
	    "SELECT pg_advisory_xact_lock(7959390426176759298)",
	/*
	 * STMT_LISTEN: the watcher connection's subscription; each row of
	 * the invalidation log notifies at its commit (migration 0010).
	 */
	[STMT_LISTEN] = "LISTEN nutgraf_changes",
	/* STMT_COMMIT */
	[STMT_COMMIT] = "COMMIT",
	/* STMT_ROLLBACK */
	[STMT_ROLLBACK] = "ROLLBACK",

	/* STMT_MIG_CREATE */
	[STMT_MIG_CREATE] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
			    "version bigint PRIMARY KEY, "
			    "name text NOT NULL, "
			    "applied_at bigint NOT NULL)",
	/* STMT_MIG_APPLIED */
	[STMT_MIG_APPLIED] =
	    "SELECT 1 FROM schema_migrations WHERE version = $1",
	/* STMT_MIG_RECORD */
	[STMT_MIG_RECORD] =
	    "INSERT INTO schema_migrations (version, name, applied_at) "
	    "VALUES ($1, $2, $3)",
	/* STMT_SCHEMA_VERSION */
	[STMT_SCHEMA_VERSION] =
	    "SELECT coalesce(max(version), 0) FROM schema_migrations",

	/* STMT_IS_EMPTY */
	[STMT_IS_EMPTY] = "SELECT NOT EXISTS (SELECT 1 FROM articles) "
			  "AND NOT EXISTS (SELECT 1 FROM sections) "
			  "AND NOT EXISTS (SELECT 1 FROM authors)",
	/* STMT_SECTION_ADD */
	[STMT_SECTION_ADD] =
	    "INSERT INTO sections (slug, name, description, position) "
	    "VALUES ($1, $2, $3, $4) RETURNING id",
	/* STMT_AUTHOR_ADD */
	[STMT_AUTHOR_ADD] =
	    "INSERT INTO authors (slug, name, bio, created_at, photo_id, "
	    "links, kind) VALUES ($1, $2, $3, $4, nullif($5::bigint, 0), $6, "
	    "CASE $7::bigint WHEN 1 THEN 'organization' ELSE 'person' END) "
	    "RETURNING id",
	/* STMT_TAG_INSERT: a tag is identified by its slug. */
	[STMT_TAG_INSERT] = "INSERT INTO tags (slug, name) VALUES ($1, $2) "
			    "ON CONFLICT (slug) DO NOTHING",
	/* STMT_TAG_ID */
	[STMT_TAG_ID] = "SELECT id FROM tags WHERE slug = $1",
	/* STMT_ARTICLE_INSERT: parameters are enum apar. */
	[STMT_ARTICLE_INSERT] =
	    "INSERT INTO articles (slug, kicker, title, dek, source_name, "
	    "source_url, body_md, body_html, body_text, status, comments_open, "
	    "created_at, published_at, updated_at, seo_title, seo_description, "
	    "legacy_url, author_id, section_id, related_id, canonical_url, "
	    "body_format) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
	    "$14, $15, $16, $17, $18, $19, $20, $23, $24) RETURNING id",
	/*
	 * STMT_ARTICLE_UPDATE: parameters are enum apar; version 0 ($22)
	 * skips the optimistic lock.  created_at never changes.
	 */
	[STMT_ARTICLE_UPDATE] =
	    "UPDATE articles SET slug = $1, kicker = $2, title = $3, dek = $4, "
	    "source_name = $5, source_url = $6, body_md = $7, body_html = $8, "
	    "body_text = $9, status = $10, comments_open = $11, "
	    "published_at = $13, updated_at = $14, seo_title = $15, "
	    "seo_description = $16, legacy_url = $17, author_id = $18, "
	    "section_id = $19, related_id = $20, canonical_url = $23, "
	    "body_format = $24, version = version + 1 "
	    "WHERE id = $21 AND ($22::bigint = 0 OR version = $22)",
	/* STMT_ARTICLE_VERSION: tells a lost race from a missing row. */
	[STMT_ARTICLE_VERSION] = "SELECT version FROM articles WHERE id = $1",
	/* STMT_ARTICLE_AUTHORS_CLEAR */
	[STMT_ARTICLE_AUTHORS_CLEAR] =
	    "DELETE FROM article_authors WHERE article_id = $1",
	/* STMT_ARTICLE_AUTHOR_ADD: $1 article, $2 author, $3 position. */
	[STMT_ARTICLE_AUTHOR_ADD] =
	    "INSERT INTO article_authors (article_id, author_id, position) "
	    "VALUES ($1, $2, $3)",
	/*
	 * STMT_LIST_AUTHORS: the bylines of a page of articles in one
	 * query; $1 is an array of article ids.  Grouped by article, each
	 * group in byline order.
	 */
	[STMT_LIST_AUTHORS] =
	    "SELECT aa.article_id, au.id, au.slug, au.name, au.bio, "
	    "coalesce(au.photo_id, 0), au.links, "
	    "(au.kind = 'organization')::int "
	    "FROM article_authors aa JOIN authors au ON au.id = aa.author_id "
	    "WHERE aa.article_id = ANY ($1::bigint[]) "
	    "ORDER BY aa.article_id, aa.position, au.id",
	/* STMT_ARTICLE_STATE_AUTHORS: $1 article. */
	[STMT_ARTICLE_STATE_AUTHORS] =
	    "SELECT author_id FROM article_authors WHERE article_id = $1 "
	    "ORDER BY position",
	/* STMT_ARTICLE_TAGS_CLEAR */
	[STMT_ARTICLE_TAGS_CLEAR] =
	    "DELETE FROM article_tags WHERE article_id = $1",
	/* STMT_ARTICLE_TAG_ADD */
	[STMT_ARTICLE_TAG_ADD] =
	    "INSERT INTO article_tags (article_id, tag_id, position) "
	    "VALUES ($1, $2, $3)",
	/*
	 * STMT_REVISION_ADD: $1 article, $2 now: the row as just saved, with its
	 * tags, so every field the editor changed is in the revision.
	 */
	[STMT_REVISION_ADD] = REVISION_FROM_ARTICLE,
	/* STMT_REVISION_COUNT */
	[STMT_REVISION_COUNT] =
	    "SELECT count(*) FROM article_revisions WHERE article_id = $1",
	/* STMT_ARTICLE_BY_SLUG: $1 now, $2 slug. */
	[STMT_ARTICLE_BY_SLUG] = "SELECT " ARTICLE_COLS ARTICLE_FROM
				 "WHERE a.slug = $2 AND " PUBLISHED,
	/* STMT_ARTICLE_BY_ID: $1 now (for related), $2 id; any status. */
	[STMT_ARTICLE_BY_ID] = "SELECT " ARTICLE_COLS ARTICLE_FROM
			       "WHERE a.id = $2",
	/* STMT_ARTICLE_TAGS */
	[STMT_ARTICLE_TAGS] =
	    "SELECT t.id, t.slug, t.name FROM article_tags at "
	    "JOIN tags t ON t.id = at.tag_id "
	    "WHERE at.article_id = $1 ORDER BY at.position, t.id",

	/* STMT_LIST_ALL: parameters are enum lpar. */
	[STMT_LIST_ALL] = "SELECT " ARTICLE_COLS ARTICLE_FROM
			  "WHERE " PUBLISHED	 NEWEST,
	/* STMT_LIST_SECTION */
	[STMT_LIST_SECTION] = "SELECT " ARTICLE_COLS	    ARTICLE_FROM
			      "WHERE " PUBLISHED BY_SECTION NEWEST,
	/* STMT_LIST_AUTHOR */
	[STMT_LIST_AUTHOR] = "SELECT " ARTICLE_COLS	  ARTICLE_FROM
			     "WHERE " PUBLISHED BY_AUTHOR NEWEST,
	/* STMT_LIST_TAG */
	[STMT_LIST_TAG] = "SELECT " ARTICLE_COLS    ARTICLE_FROM
			  "WHERE " PUBLISHED BY_TAG NEWEST,
	/* STMT_LIST_ANY */
	[STMT_LIST_ANY] = "SELECT " ARTICLE_COLS    ARTICLE_FROM
			  "WHERE " PUBLISHED BY_ANY NEWEST,
	/* STMT_COUNT_ALL */
	[STMT_COUNT_ALL] = "SELECT count(*) FROM articles a WHERE " PUBLISHED,
	/* STMT_COUNT_SECTION */
	[STMT_COUNT_SECTION] =
	    "SELECT count(*) FROM articles a WHERE " PUBLISHED BY_SECTION,
	/* STMT_COUNT_AUTHOR */
	[STMT_COUNT_AUTHOR] = "SELECT count(*) FROM articles a WHERE " PUBLISHED
	    BY_AUTHOR,
	/*
	 * STMT_COUNT_TAG: from the tag's rows, through the covering
	 * articles_visible index: status and published_at sit after the
	 * bodies in the row, so testing them on the table walks each
	 * article's overflow pages (40 ms for a tag on 756 of 10,000
	 * articles; 0.3 ms this way; bench/).
	 */
	[STMT_COUNT_TAG] =
	    "SELECT count(*) FROM article_tags at "
	    "JOIN articles a "
	    "ON a.id = at.article_id WHERE at.tag_id = $6 AND " PUBLISHED,
	/* STMT_COUNT_ANY */
	[STMT_COUNT_ANY] = "SELECT count(*) FROM articles a WHERE " PUBLISHED
	    BY_ANY,
	/*
	 * STMT_LIST_TAGS: the tags of a whole page of articles in one
	 * query; $1 is a JSON array of article ids.  Grouped by article so
	 * each article's tags are one contiguous run.
	 */
	[STMT_LIST_TAGS] =
	    "SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at "
	    "JOIN tags t ON t.id = at.tag_id "
	    "WHERE at.article_id = ANY ($1::bigint[]) "
	    "ORDER BY at.article_id, at.position, t.id",

	/* STMT_SECTIONS */
	[STMT_SECTIONS] =
	    "SELECT id, slug, name, description, position FROM sections "
	    "ORDER BY position, id",
	/* STMT_SECTION_BY_SLUG */
	[STMT_SECTION_BY_SLUG] =
	    "SELECT id, slug, name, description, position FROM sections "
	    "WHERE slug = $1",
	/* STMT_TAG_BY_SLUG */
	[STMT_TAG_BY_SLUG] = "SELECT id, slug, name FROM tags WHERE slug = $1",
	/* STMT_AUTHOR_BY_SLUG */
	[STMT_AUTHOR_BY_SLUG] =
	    "SELECT id, slug, name, bio, coalesce(photo_id, 0), links, "
	    "kind = 'organization' FROM authors WHERE slug = $1",
	/* STMT_SETTING_GET */
	[STMT_SETTING_GET] = "SELECT value FROM settings WHERE key = $1",
	/*
	 * STMT_SETTINGS_ALL: every setting at once, for a read session
	 * (pg_settings.c); the table holds a few dozen short rows.
	 */
	[STMT_SETTINGS_ALL] = "SELECT key, value FROM settings",
	/* STMT_SETTING_SET */
	[STMT_SETTING_SET] =
	    "INSERT INTO settings (key, value) VALUES ($1, $2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",

	/* --- newsroom --- */
	/* STMT_USER_ADD */
	[STMT_USER_ADD] =
	    "INSERT INTO users (login, name, role, pass_hash, author_id, "
	    "disabled, created_at, updated_at) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
	/* STMT_USER_BY_LOGIN: columns are enum ucol. */
	[STMT_USER_BY_LOGIN] = "SELECT " USER_COLS
			       "FROM users u WHERE u.login = $1",
	/* STMT_USER_BY_ID */
	[STMT_USER_BY_ID] = "SELECT " USER_COLS "FROM users u WHERE u.id = $1",
	/* STMT_USER_LIST */
	[STMT_USER_LIST] = "SELECT " USER_COLS "FROM users u ORDER BY u.login",
	/* STMT_USER_SET_PASSWORD */
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE users SET pass_hash = $2, must_change_password = 0, "
	    "updated_at = $3 WHERE id = $1",
	/* STMT_USER_SET_ROLE */
	[STMT_USER_SET_ROLE] =
	    "UPDATE users SET role = $2, updated_at = $3 WHERE id = $1",
	/* STMT_USER_SET_DISABLED */
	[STMT_USER_SET_DISABLED] =
	    "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1",
	/* STMT_USER_SESSIONS_END: a new password or a disabled account. */
	[STMT_USER_SESSIONS_END] = "DELETE FROM sessions WHERE user_id = $1",
	/* STMT_USER_SET_EMAIL */
	[STMT_USER_SET_EMAIL] =
	    "UPDATE users SET email = $2, updated_at = $3 WHERE id = $1",
	/* STMT_USER_BY_EMAIL: the unique index's expression. */
	[STMT_USER_BY_EMAIL] =
	    "SELECT " USER_COLS "FROM users u "
	    "WHERE lower(u.email) = lower($1) AND u.email <> ''",
	/* STMT_USER_REQUIRE_NEW_PASSWORD */
	[STMT_USER_REQUIRE_NEW_PASSWORD] =
	    "UPDATE users SET must_change_password = 1, updated_at = $2 "
	    "WHERE id = $1",
	/* STMT_USER_COUNT */
	[STMT_USER_COUNT] = "SELECT count(*) FROM users",
	/* STMT_SESSION_ADD */
	[STMT_SESSION_ADD] =
	    "INSERT INTO sessions (token_hash, user_id, csrf, created_at, "
	    "last_seen, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
	/*
	 * STMT_SESSION_GET: $1 token hash, $2 now, $3 idle seconds.  Both
	 * expiries and the user's disabled flag are checked here, so a
	 * session that should be over can never be returned.
	 */
	[STMT_SESSION_GET] =
	    "SELECT s.token_hash, s.user_id, s.csrf, s.created_at, "
	    "s.last_seen, s.expires_at, " USER_COLS
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.token_hash = $1 AND s.expires_at > $2 "
	    "AND s.last_seen > $2::bigint - $3::bigint AND u.disabled = 0",
	/* STMT_SESSION_TOUCH */
	[STMT_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1",
	/* STMT_SESSION_DELETE */
	[STMT_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = $1",
	/* STMT_SESSION_PURGE */
	[STMT_SESSION_PURGE] = "DELETE FROM sessions WHERE expires_at <= $1 "
			       "OR last_seen <= $1::bigint - $2::bigint",
	/*
	 * STMT_ADMIN_LIST: the newsroom's list, any status.  $1 status
	 * name ('' any but trashed), $2 section, $3 author (0: any), $4 a
	 * LIKE pattern ('' any), $5 limit, $6 offset.  Columns: enum
	 * lcol.  The newsroom is small next to the public site, so one
	 * statement with optional filters is fast enough.
	 */
	[STMT_ADMIN_LIST] =
	    "SELECT a.id, a.slug, a.title, a.status, a.created_at, "
	    "a.published_at, a.updated_at, a.version, a.author_id, "
	    "a.section_id, au.name, au.slug, se.name, se.slug "
	    "FROM articles a "
	    "LEFT JOIN authors au ON au.id = a.author_id "
	    "LEFT JOIN sections se ON se.id = a.section_id "
	    "WHERE " ADMIN_WHERE
	    "ORDER BY a.updated_at DESC, a.id DESC LIMIT $7 OFFSET $8",
	/* STMT_ADMIN_COUNT: as STMT_ADMIN_LIST, without $5 and $6. */
	[STMT_ADMIN_COUNT] =
	    "SELECT count(*) FROM articles a WHERE " ADMIN_WHERE,
	/* STMT_STATUS_COUNTS */
	[STMT_STATUS_COUNTS] =
	    "SELECT status, count(*) FROM articles GROUP BY status",
	/* STMT_REVISION_LIST: newest first, bounded. */
	[STMT_REVISION_LIST] =
	    "SELECT r.id, r.article_id, r.created_at, r.title, r.dek, '', "
	    "r.user_id, u.name FROM article_revisions r "
	    "LEFT JOIN users u ON u.id = r.user_id "
	    "WHERE r.article_id = $1 ORDER BY r.id DESC LIMIT 500",
	/* STMT_REVISION_GET: STMT_REVISION_LIST's columns, then 0025's. */
	[STMT_REVISION_GET] =
	    "SELECT r.id, r.article_id, r.created_at, r.title, r.dek, "
	    "r.body_md, r.user_id, u.name, r.author_id, r.kicker, "
	    "r.section_id, r.tags, r.source_name, r.source_url, "
	    "r.canonical_url, r.seo_title, r.seo_description, r.featured, "
	    "r.authors FROM article_revisions r "
	    "LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1",
	/* STMT_REVISION_SET_USER */
	[STMT_REVISION_SET_USER] =
	    "UPDATE article_revisions SET user_id = $2 WHERE id = "
	    "(SELECT max(id) FROM article_revisions WHERE article_id = $1)",
	/*
	 * STMT_PUBLISH_DUE: the version moves, so an editor still holding
	 * the scheduled article's form gets a conflict instead of saving
	 * it back to "scheduled".
	 */
	[STMT_PUBLISH_DUE] =
	    "UPDATE articles SET status = 'published', "
	    "version = version + 1 "
	    "WHERE status = 'scheduled' AND published_at <= $1 RETURNING id",
	/* STMT_NEXT_DUE */
	[STMT_NEXT_DUE] = "SELECT min(published_at) FROM articles "
			  "WHERE status = 'scheduled'",
	/* STMT_CORRECTION_ADD */
	[STMT_CORRECTION_ADD] =
	    "INSERT INTO corrections (article_id, kind, body, created_at, "
	    "user_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	/* STMT_CORRECTION_TOUCH: a note is a change readers should see. */
	[STMT_CORRECTION_TOUCH] =
	    "UPDATE articles SET updated_at = $2 WHERE id = $1",
	/* STMT_CORRECTION_LIST */
	[STMT_CORRECTION_LIST] =
	    "SELECT id, article_id, kind, body, created_at, user_id "
	    "FROM corrections WHERE article_id = $1 "
	    "ORDER BY created_at, id LIMIT 200",
	/* STMT_AUTOSAVE_PUT */
	[STMT_AUTOSAVE_PUT] =
	    "INSERT INTO autosaves (user_id, article_id, title, dek, body_md, "
	    "saved_at) VALUES ($1, $2, $3, $4, $5, $6) "
	    "ON CONFLICT (user_id, article_id) DO UPDATE SET "
	    "title = excluded.title, dek = excluded.dek, "
	    "body_md = excluded.body_md, saved_at = excluded.saved_at",
	/* STMT_AUTOSAVE_GET */
	[STMT_AUTOSAVE_GET] =
	    "SELECT user_id, article_id, title, dek, body_md, saved_at "
	    "FROM autosaves WHERE user_id = $1 AND article_id = $2",
	/* STMT_AUTOSAVE_DELETE */
	[STMT_AUTOSAVE_DELETE] =
	    "DELETE FROM autosaves WHERE user_id = $1 AND article_id = $2",
	/* STMT_AUTHORS */
	[STMT_AUTHORS] =
	    "SELECT id, slug, name, bio, coalesce(photo_id, 0), links, "
	    "kind = 'organization' FROM authors ORDER BY name, id",
	/* STMT_TAGS */
	[STMT_TAGS] =
	    "SELECT id, slug, name FROM tags ORDER BY name, id LIMIT 5000",
	/* STMT_SECTION_UPDATE */
	[STMT_SECTION_UPDATE] =
	    "UPDATE sections SET slug = $2, name = $3, description = $4, "
	    "position = $5 WHERE id = $1",
	/* STMT_AUTHOR_UPDATE */
	[STMT_AUTHOR_UPDATE] =
	    "UPDATE authors SET slug = $2, name = $3, bio = $4, "
	    "photo_id = nullif($5::bigint, 0), links = $6, kind = CASE "
	    "$7::bigint WHEN 1 THEN 'organization' ELSE 'person' END "
	    "WHERE id = $1",
	/* STMT_TAG_UPDATE */
	[STMT_TAG_UPDATE] =
	    "UPDATE tags SET slug = $2, name = $3 WHERE id = $1",
	/* STMT_SECTION_UNLINK: the foreign key has no ON DELETE action. */
	[STMT_SECTION_UNLINK] =
	    "UPDATE articles SET section_id = NULL WHERE section_id = $1",
	/* STMT_SECTION_DELETE */
	[STMT_SECTION_DELETE] = "DELETE FROM sections WHERE id = $1",
	/* STMT_TAG_DELETE: article_tags rows go by ON DELETE CASCADE. */
	[STMT_TAG_DELETE] = "DELETE FROM tags WHERE id = $1",
	/*
	 * STMT_TAG_MERGE_LINKS: $1's articles get $2 in its place; one
	 * that has both keeps its own (the primary key ignores the copy).
	 */
	[STMT_TAG_MERGE_LINKS] =
	    "INSERT INTO article_tags (article_id, tag_id, "
	    "position) SELECT article_id, $2, position FROM article_tags "
	    "WHERE tag_id = $1 ON CONFLICT DO NOTHING",
	/* STMT_TAG_EXISTS */
	[STMT_TAG_EXISTS] = "SELECT 1 FROM tags WHERE id = $1",
	/* --- page cache --- */
	/*
	 * STMT_NEXT_PUBLISH: the first time after $1 at which a published
	 * article becomes visible (NULL when none); an index seek on
	 * articles_published.
	 */
	[STMT_NEXT_PUBLISH] =
	    "SELECT MIN(published_at) FROM articles "
	    "WHERE status = 'published' AND published_at > $1",
	/* --- the invalidation log (store_inval.c) --- */
	/*
	 * STMT_INVAL_LOG: $1 origin, $2 now, $3 keys; the trigger of
	 * migration 0010 numbers the row (and notifies).
	 */
	[STMT_INVAL_LOG] =
	    "INSERT INTO inval_log (origin, at, keys) VALUES ($1, $2, $3) "
	    "RETURNING seq",
	/*
	 * STMT_INVAL_PRUNE: rows more than $2 behind seq $1 go; a reader
	 * that far behind drops everything anyway.
	 */
	[STMT_INVAL_PRUNE] =
	    "DELETE FROM inval_log WHERE seq <= $1::bigint - $2::bigint",
	/* STMT_INVAL_READ: $1 after, $2 limit; a primary key range read. */
	[STMT_INVAL_READ] =
	    "SELECT seq, origin, keys FROM inval_log WHERE seq > $1 "
	    "ORDER BY seq LIMIT $2",
	/* STMT_INVAL_LAST: pruning always keeps the newest row. */
	[STMT_INVAL_LAST] = "SELECT coalesce(max(seq), 0) FROM inval_log",
	/* STMT_ARTICLE_STATE: $1 id, any status. */
	[STMT_ARTICLE_STATE] =
	    "SELECT status, coalesce(section_id, 0), "
	    "coalesce(author_id, 0), coalesce(published_at, 0) "
	    "FROM articles "
	    "WHERE id = $1",
	/* STMT_ARTICLE_STATE_TAGS: $1 article. */
	[STMT_ARTICLE_STATE_TAGS] =
	    "SELECT tag_id FROM article_tags WHERE article_id = $1",
	/* --- search, related articles, sitemaps --- */
	/*
	 * STMT_SEARCH: $1 the tsquery text (built by pg_search.c from
	 * quoted terms, never from raw input), $2 now, $3 limit, $4
	 * offset, $5 how many matches to rank.  m takes the $5 newest
	 * published matches by id, as SQLite's does: the GIN index gives
	 * the matching ids and only those $5 are ranked, so a word in
	 * every article costs about what a word in $5 does (ranking
	 * every match of a common word read and ranked every document:
	 * hundreds of milliseconds at 100,000 articles).  r ranks them
	 * with ts_rank weighted title (A) 1.0, dek (B) 0.4, tags and
	 * author (C) 0.25, body (D) 0.1 -- SQLite's BM25 weights 10, 4,
	 * 3/2, 1 -- with the newer article first among equal scores, then
	 * the higher id; hits gives their count and id range (for the
	 * estimate of pg_search.c).  The snippet (ts_headline, marked with
	 * STORE_MARK_* bytes 1 and 2) is made only for the page of hits.
	 */
	[STMT_SEARCH] =
	    "WITH q AS (SELECT to_tsquery('simple', $1::text) AS q), "
	    "m AS MATERIALIZED (SELECT s.id, a.published_at AS pub "
	    "FROM q, article_search s JOIN articles a ON a.id = s.id "
	    "WHERE s.doc @@ q.q AND a.status = 'published' "
	    "AND a.published_at <= $2 ORDER BY s.id DESC LIMIT $5), "
	    "r AS MATERIALIZED (SELECT m.id, m.pub, "
	    "ts_rank('{0.1, 0.25, 0.4, 1.0}', s.doc, q.q) AS score "
	    "FROM m CROSS JOIN q JOIN article_search s ON s.id = m.id), "
	    "hits AS (SELECT id, score, pub, count(*) OVER () AS total, "
	    "min(id) OVER () AS lo, max(id) OVER () AS hi "
	    "FROM r ORDER BY score DESC, pub DESC, id DESC "
	    "LIMIT $3 OFFSET $4) "
	    "SELECT h.total, a.id, a.slug, a.title, a.dek, a.published_at, "
	    "se.id, se.slug, se.name, au.id, au.slug, au.name, "
	    "ts_headline('simple', coalesce(nullif(a.body_text, ''), "
	    "a.dek, a.title), q.q, 'StartSel=' || chr(1) || "
	    "', StopSel=' || chr(2) || ', MaxWords=24, MinWords=12, "
	    "ShortWord=1, MaxFragments=1, FragmentDelimiter=\xe2\x80\xa6'), "
	    "h.lo, h.hi "
	    "FROM hits h CROSS JOIN q JOIN articles a ON a.id = h.id "
	    "LEFT JOIN sections se ON se.id = a.section_id "
	    "LEFT JOIN authors au ON au.id = a.author_id "
	    "ORDER BY h.score DESC, h.pub DESC, h.id DESC",
	/* STMT_SEARCH_RANGE: the ids an estimate spreads matches over. */
	[STMT_SEARCH_RANGE] =
	    "SELECT coalesce((SELECT min(id) FROM articles), 0), "
	    "coalesce((SELECT max(id) FROM articles), 0)",
	/*
	 * STMT_RELATED: $1 article, $2 now, $3 limit.  CROSS JOIN keeps
	 * SQLite from walking every published article and probing
	 * related_articles for each (7 ms a page at 10,000 articles, found
	 * by bench/) instead of reading this article's
	 * few rows by primary key.
	 */
	[STMT_RELATED] =
	    "SELECT a.id, a.slug, a.title, a.published_at "
	    "FROM related_articles r JOIN articles a "
	    "ON a.id = r.related_id "
	    "WHERE r.article_id = $1 AND a.status = 'published' "
	    "AND a.published_at <= $2 ORDER BY r.position LIMIT $3",
	/* STMT_RELATED_SOURCE: what related articles are chosen from. */
	[STMT_RELATED_SOURCE] =
	    "SELECT coalesce(section_id, 0), coalesce(related_id, 0), "
	    "title, coalesce(dek, ''), status = 'published' "
	    "FROM articles WHERE id = $1",
	/*
	 * STMT_RELATED_BY_TAG: $1 tag, $2 the article itself, $3 now; the
	 * newest hundred of the tag (article_tags_tag, walked backwards;
	 * CROSS JOIN keeps the planner from scanning every published
	 * article instead).
	 */
	[STMT_RELATED_BY_TAG] =
	    "SELECT at.article_id, a.published_at FROM article_tags at "
	    "JOIN articles a "
	    "ON a.id = at.article_id "
	    "WHERE at.tag_id = $1 AND at.article_id <> $2 "
	    "AND a.status = 'published' AND a.published_at <= $3 "
	    "ORDER BY at.article_id DESC LIMIT 100",
	/* STMT_RELATED_BY_SECTION: $1 section, $2 article, $3 now. */
	[STMT_RELATED_BY_SECTION] =
	    "SELECT id, published_at FROM articles "
	    "WHERE section_id = $1 AND status = 'published' "
	    "AND published_at <= $3 AND id <> $2 "
	    "ORDER BY published_at DESC LIMIT 100",
	/*
	 * STMT_RELATED_BY_TEXT: $1 a tsquery for titles (weight A) sharing
	 * a word of this one's; the newest thirty.
	 */
	[STMT_RELATED_BY_TEXT] =
	    "SELECT s.id, a.published_at FROM article_search s "
	    "JOIN articles a ON a.id = s.id "
	    "WHERE s.doc @@ to_tsquery('simple', $1::text) AND s.id <> $2 "
	    "AND a.status = 'published' AND a.published_at <= $3 "
	    "ORDER BY s.id DESC LIMIT 30",
	/* STMT_RELATED_CLEAR */
	[STMT_RELATED_CLEAR] =
	    "DELETE FROM related_articles WHERE article_id = $1",
	/* STMT_RELATED_ADD */
	[STMT_RELATED_ADD] =
	    "INSERT INTO related_articles (article_id, position, "
	    "related_id, score) VALUES ($1, $2, $3, $4)",
	/*
	 * Search indexing inside a bulk write (migration 0021): row 0 of
	 * search_pending makes the revision trigger list the article
	 * instead of indexing it; the flush indexes the listed ones in one
	 * statement, and the end of the bulk write empties the table.
	 */
	[STMT_SEARCH_DEFER] =
	    "INSERT INTO search_pending (article_id) VALUES (0) "
	    "ON CONFLICT DO NOTHING",
	[STMT_SEARCH_INDEX_PENDING] =
	    "INSERT INTO article_search (id, doc) "
	    "SELECT p.article_id, article_search_doc(p.article_id, 0) "
	    "FROM search_pending p JOIN articles a ON a.id = p.article_id "
	    "WHERE p.article_id > 0 "
	    "ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
	[STMT_SEARCH_PENDING_DONE] =
	    "DELETE FROM search_pending WHERE article_id > 0",
	[STMT_SEARCH_DEFER_END] = "DELETE FROM search_pending",
	/* STMT_SITEMAP_COUNT: $1 now, $2 since. */
	[STMT_SITEMAP_COUNT] =
	    "SELECT count(*) FROM articles WHERE status = 'published' "
	    "AND published_at <= $1 AND published_at >= $2",
	/*
	 * STMT_SITEMAP_ENTRIES: $1 now, $2 since, $3 limit, $4 offset;
	 * oldest first along articles_published.
	 */
	[STMT_SITEMAP_ENTRIES] =
	    "SELECT a.id, a.slug, a.title, a.published_at, a.updated_at, "
	    "m.path FROM articles a LEFT JOIN media m "
	    "ON m.id = a.featured_media_id AND m.mime LIKE 'image/%' "
	    "WHERE a.status = 'published' AND a.published_at <= $1 "
	    "AND a.published_at >= $2 "
	    "ORDER BY a.published_at, a.id LIMIT $3 OFFSET $4",
	/* STMT_ARTICLE_IMAGE */
	[STMT_ARTICLE_IMAGE] =
	    "SELECT m.path, m.mime FROM articles a "
	    "JOIN media m ON m.id = a.featured_media_id WHERE a.id = $1",

	/* --- comments --- */
	/* STMT_COMMENT_INSERT: depth $3 computed from the parent. */
	[STMT_COMMENT_INSERT] =
	    "INSERT INTO comments (article_id, parent_id, depth, status, "
	    "author, email, url, body, ip, user_agent, created_at, body_key) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
	/* STMT_COMMENT_PARENT */
	[STMT_COMMENT_PARENT] =
	    "SELECT article_id, depth, status FROM comments WHERE id = $1",
	/*
	 * STMT_COMMENT_DUPLICATE: $1 article, $2 author, $3 email, $4 body,
	 * $5 its key (store_comment_body_key()).  Along comments_body_key:
	 * the rows of the same key, and those that have none (older than
	 * 0035), never every comment of the article.
	 */
	[STMT_COMMENT_DUPLICATE] =
	    "SELECT CASE WHEN EXISTS (SELECT 1 FROM comments "
	    "WHERE article_id = $1 AND body_key = $5 AND status <> 'trash' "
	    "AND (author = $2 OR email = $3) AND body = $4) "
	    "OR EXISTS (SELECT 1 FROM comments "
	    "WHERE article_id = $1 AND body_key IS NULL AND status <> 'trash' "
	    "AND (author = $2 OR email = $3) AND body = $4) "
	    "THEN 1 ELSE 0 END",
	/* STMT_COMMENT_STATUS_COUNT: along comments_status. */
	[STMT_COMMENT_STATUS_COUNT] =
	    "SELECT count(*) FROM comments WHERE status = $1",
	/* STMT_COMMENT_EMAIL_APPROVED */
	[STMT_COMMENT_EMAIL_APPROVED] =
	    "SELECT EXISTS (SELECT 1 FROM comments WHERE email = $1 "
	    "AND status = 'approved')",
	/*
	 * STMT_COMMENT_THREAD: $1 article, $2 limit.  Deliberately without
	 * email, ip and user_agent: the public page cannot leak what it
	 * never read.
	 */
	[STMT_COMMENT_THREAD] =
	    "SELECT id, parent_id, depth, author, url, body, created_at "
	    "FROM comments WHERE article_id = $1 AND status = 'approved' "
	    "ORDER BY created_at, id LIMIT $2",
	/* STMT_COMMENT_COUNT */
	[STMT_COMMENT_COUNT] =
	    "SELECT count(*) FROM comments WHERE article_id = $1 "
	    "AND status = 'approved'",
	/* STMT_COMMENT_GET: the columns of enum ccol (pg_sql.h). */
	[STMT_COMMENT_GET] =
	    "SELECT c.id, c.article_id, c.parent_id, c.depth, c.status, "
	    "c.author, c.email, c.url, c.body, c.ip, c.user_agent, "
	    "c.created_at, a.slug, a.title, a.published_at "
	    "FROM comments c "
	    "JOIN articles a ON a.id = c.article_id WHERE c.id = $1",
	/* STMT_COMMENT_EXPORT: $1 article id; every comment in the
	 * order written (a parent before its replies), wp_id last. */
	[STMT_COMMENT_EXPORT] =
	    "SELECT c.id, c.article_id, c.parent_id, c.depth, c.status, "
	    "c.author, c.email, c.url, c.body, c.ip, c.user_agent, "
	    "c.created_at, a.slug, a.title, a.published_at, "
	    "coalesce(c.wp_id, 0) FROM comments c "
	    "JOIN articles a ON a.id = c.article_id "
	    "WHERE c.article_id = $1 ORDER BY c.id",
	/* STMT_COMMENT_LIST_STATUS: $1 status, $2 limit, $3 offset. */
	[STMT_COMMENT_LIST_STATUS] =
	    "SELECT c.id, c.article_id, c.parent_id, c.depth, c.status, "
	    "c.author, c.email, c.url, c.body, c.ip, c.user_agent, "
	    "c.created_at, a.slug, a.title, a.published_at "
	    "FROM comments c "
	    "JOIN articles a ON a.id = c.article_id WHERE c.status = $1 "
	    "ORDER BY c.id DESC LIMIT $2 OFFSET $3",
	/* STMT_COMMENT_LIST_ALL: $2 limit, $3 offset. */
	[STMT_COMMENT_LIST_ALL] =
	    "SELECT c.id, c.article_id, c.parent_id, c.depth, c.status, "
	    "c.author, c.email, c.url, c.body, c.ip, c.user_agent, "
	    "c.created_at, a.slug, a.title, a.published_at "
	    "FROM comments c "
	    "JOIN articles a ON a.id = c.article_id "
	    "ORDER BY c.id DESC LIMIT $2 OFFSET $3",
	/* STMT_COMMENT_COUNTS */
	[STMT_COMMENT_COUNTS] =
	    "SELECT status, count(*) FROM comments GROUP BY status",
	/* STMT_COMMENT_SET_STATUS */
	[STMT_COMMENT_SET_STATUS] =
	    "UPDATE comments SET status = $2 WHERE id = $1",
	/* STMT_COMMENT_DELETE */
	[STMT_COMMENT_DELETE] = "DELETE FROM comments WHERE id = $1",
	/*
	 * STMT_COMMENT_EDIT: a moderator's fix; status and email stay.  The
	 * new body gets its own key ($5), so a form saved unchanged changes
	 * nothing and the duplicate check still finds the body by key.
	 */
	[STMT_COMMENT_EDIT] =
	    "UPDATE comments SET author = $2, url = $3, body = $4, "
	    "body_key = $5 "
	    "WHERE id = $1",
	/* --- shortcodes, sliders, ads --- */
	/* STMT_SC_SLIDER_ADD: $1 legacy_id (NULL), $2 name, $3 now. */
	[STMT_SC_SLIDER_ADD] =
	    "INSERT INTO sliders (legacy_id, name, created_at) "
	    "VALUES ($1, $2, $3) RETURNING id",
	/* STMT_SC_SLIDE_ADD: position $2, NULL for after the last. */
	[STMT_SC_SLIDE_ADD] =
	    "INSERT INTO slides (slider_id, position, image_url, alt, "
	    "caption, link_url) VALUES ($1, coalesce($2, (SELECT "
	    "coalesce(max(position), 0) + 1 FROM slides WHERE "
	    "slider_id = $1)), $3, coalesce($4, ''), $5, $6) RETURNING id",
	/* STMT_SC_SLIDER_GET */
	[STMT_SC_SLIDER_GET] =
	    "SELECT id, legacy_id, name FROM sliders WHERE id = $1",
	/* STMT_SC_SLIDER_BY_LEGACY */
	[STMT_SC_SLIDER_BY_LEGACY] =
	    "SELECT id, legacy_id, name FROM sliders WHERE legacy_id = $1",
	/* STMT_SC_SLIDES: $2 limit. */
	[STMT_SC_SLIDES] =
	    "SELECT id, slider_id, position, image_url, alt, caption, "
	    "link_url FROM slides WHERE slider_id = $1 "
	    "ORDER BY position, id LIMIT $2",
	/* STMT_SC_SLIDER_LIST */
	[STMT_SC_SLIDER_LIST] =
	    "SELECT s.id, s.legacy_id, s.name, (SELECT count(*) FROM "
	    "slides WHERE slider_id = s.id) FROM sliders s ORDER BY s.id",
	/* STMT_SC_SLIDER_DELETE */
	[STMT_SC_SLIDER_DELETE] = "DELETE FROM sliders WHERE id = $1",
	/* STMT_SC_SLIDE_DELETE */
	[STMT_SC_SLIDE_DELETE] = "DELETE FROM slides WHERE id = $1",
	/* STMT_SC_SLOT_ADD */
	[STMT_SC_SLOT_ADD] =
	    "INSERT INTO ad_slots (name, placement, position, width, "
	    "height) VALUES ($1, $2, $3, $4, $5) RETURNING id",
	/* STMT_SC_SLOT_GET */
	[STMT_SC_SLOT_GET] =
	    "SELECT id, name, placement, position, width, height "
	    "FROM ad_slots WHERE name = $1",
	/* STMT_SC_SLOT_LIST */
	[STMT_SC_SLOT_LIST] =
	    "SELECT id, name, placement, position, width, height "
	    "FROM ad_slots ORDER BY name",
	/* STMT_SC_AD_ADD: optional columns bound NULL when empty or 0. */
	[STMT_SC_AD_ADD] =
	    "INSERT INTO ads (slot_id, name, kind, image_url, link_url, "
	    "alt, code, slider_id, weight, starts_at, ends_at, "
	    "section_id, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
	    "$9, $10, $11, $12, $13) RETURNING id",
	/* STMT_SC_AD_GET */
	[STMT_SC_AD_GET] =
	    "SELECT id, slot_id, name, kind, image_url, link_url, alt, code, "
	    "slider_id, weight, starts_at, ends_at, section_id, active "
	    "FROM ads "
	    "WHERE id = $1",
	/* STMT_SC_AD_LIST: $1 slot id, 0 for every slot. */
	[STMT_SC_AD_LIST] =
	    "SELECT id, slot_id, name, kind, image_url, link_url, alt, code, "
	    "slider_id, weight, starts_at, ends_at, section_id, active "
	    "FROM ads WHERE $1::bigint = 0 OR slot_id = $1 "
	    "ORDER BY slot_id, id",
	/* STMT_SC_AD_LIVE: $1 slot, $2 section (0: none), $3 now, $4 limit. */
	[STMT_SC_AD_LIVE] =
	    "SELECT id, slot_id, name, kind, image_url, link_url, alt, code, "
	    "slider_id, weight, starts_at, ends_at, section_id, active "
	    "FROM ads "
	    "WHERE slot_id = $1 AND active = 1 AND "
	    "(starts_at IS NULL OR starts_at <= $3) AND "
	    "(ends_at IS NULL OR ends_at > $3) AND "
	    "(section_id IS NULL OR section_id = $2) "
	    "ORDER BY id LIMIT $4",
	/* STMT_SC_AD_DELETE */
	[STMT_SC_AD_DELETE] = "DELETE FROM ads WHERE id = $1",
	/* STMT_SC_MEDIA_BRIEF */
	[STMT_SC_MEDIA_BRIEF] =
	    "SELECT path, alt, caption FROM media WHERE id = $1",
	/* --- newsroom sliders and ads --- */
	/* STMT_SC_SLIDER_RENAME */
	[STMT_SC_SLIDER_RENAME] = "UPDATE sliders SET name = $2 WHERE id = $1",
	/* STMT_SC_SLIDE_UPDATE: $7 the slider the slide must be in. */
	[STMT_SC_SLIDE_UPDATE] =
	    "UPDATE slides SET position = $2, image_url = $3, "
	    "alt = coalesce($4, ''), caption = $5, link_url = $6 "
	    "WHERE id = $1 AND slider_id = $7",
	/* STMT_SC_SLOT_DELETE: its ads go with it (ON DELETE CASCADE). */
	[STMT_SC_SLOT_DELETE] = "DELETE FROM ad_slots WHERE id = $1",
	/* STMT_SC_SLOT_UPDATE: the columns of STMT_SC_SLOT_ADD, $6 id. */
	[STMT_SC_SLOT_UPDATE] =
	    "UPDATE ad_slots SET name = $1, placement = $2, position = $3, "
	    "width = $4, height = $5 WHERE id = $6",
	/* STMT_SC_AD_UPDATE: the columns of STMT_SC_AD_ADD, $14 id. */
	[STMT_SC_AD_UPDATE] =
	    "UPDATE ads SET slot_id = $1, name = $2, kind = $3, "
	    "image_url = $4, link_url = $5, alt = $6, code = $7, "
	    "slider_id = $8, weight = $9, starts_at = $10, ends_at = $11, "
	    "section_id = $12, active = $13 WHERE id = $14",

	/* --- media --- */
	[STMT_MEDIA_ADD] =
	    "INSERT INTO media (path, mime, width, height, alt, caption, "
	    "credit, created_at, bytes, duration, filename) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
	[STMT_MEDIA_GET] =
	    "SELECT id, path, mime, width, height, alt, caption, credit, "
	    "created_at, bytes, duration, filename FROM media WHERE id = $1",
	/*
	 * STMT_MEDIA_BY_KEY: $1 "KEY/", $2 "KEY0" ('0' follows '/' in
	 * bytes, hence the C collation, which the index of 0028 has too):
	 * every path under the key.
	 */
	[STMT_MEDIA_BY_KEY] =
	    "SELECT id, path, mime, width, height, alt, caption, credit, "
	    "created_at, bytes, duration, filename FROM media "
	    "WHERE path COLLATE \"C\" >= $1 AND path COLLATE \"C\" < $2 "
	    "ORDER BY id LIMIT 1",
	[STMT_MEDIA_UPDATE] = "UPDATE media SET alt = $2, caption = $3, "
			      "credit = $4 WHERE id = $1",
	/* STMT_MEDIA_LIST: $1 limit, $2 offset; newest first. */
	[STMT_MEDIA_LIST] =
	    "SELECT id, path, mime, width, height, alt, caption, credit, "
	    "created_at, bytes, duration, filename FROM media ORDER BY id DESC LIMIT $1 OFFSET $2",
	/*
	 * STMT_MEDIA_SEARCH: $1 words ("" every item) looked for in the
	 * file name, alt text, caption and credit, $2 limit, $3 offset;
	 * newest first.  STMT_MEDIA_COUNT: how many $1 finds.
	 */
	[STMT_MEDIA_SEARCH] =
	    "SELECT id, path, mime, width, height, alt, caption, credit, "
	    "created_at, bytes, duration, filename FROM media "
	    "WHERE $1 = '' OR strpos(lower(coalesce(filename, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(alt, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(caption, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(credit, '')), lower($1)) > 0 "
	    "ORDER BY id DESC LIMIT $2 OFFSET $3",
	[STMT_MEDIA_COUNT] =
	    "SELECT count(*) FROM media "
	    "WHERE $1 = '' OR strpos(lower(coalesce(filename, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(alt, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(caption, '')), lower($1)) > 0 "
	    "OR strpos(lower(coalesce(credit, '')), lower($1)) > 0 ",
	/*
	 * STMT_MEDIA_USAGE: $1 media id, $2 "/media/KEY/".  What shows
	 * the item: kind (0 article, 1 page, 2 slider, 3 ad, 4 author,
	 * 5 live update: its article), id, title, status, and for a row
	 * found only by an ids="..." list (a gallery or playlist, checked
	 * by the caller) the body, else NULL.
	 */
	[STMT_MEDIA_USAGE] =
	    "SELECT 0, a.id, a.title, a.status, CASE WHEN "
	    "a.featured_media_id = $1 OR strpos(a.body_md, $2) > 0 OR EXISTS "
	    "(SELECT 1 FROM old_uploads o WHERE o.media_id = $1 AND "
	    "strpos(a.body_md, o.path) > 0) THEN NULL ELSE a.body_md END "
	    "FROM articles a WHERE a.featured_media_id = $1 OR "
	    "strpos(a.body_md, $2) > 0 OR strpos(a.body_md, 'ids=') > 0 OR EXISTS "
	    "(SELECT 1 FROM old_uploads o WHERE o.media_id = $1 AND "
	    "strpos(a.body_md, o.path) > 0) "
	    "UNION ALL SELECT 1, p.id, p.title, p.status, CASE WHEN "
	    "strpos(p.body_src, $2) > 0 THEN NULL ELSE p.body_src END FROM pages p "
	    "WHERE strpos(p.body_src, $2) > 0 OR strpos(p.body_src, 'ids=') > 0 "
	    "UNION ALL SELECT DISTINCT 2, l.id, l.name, '', NULL FROM slides s "
	    "JOIN sliders l ON l.id = s.slider_id WHERE "
	    "strpos(s.image_url, $2) > 0 "
	    "UNION ALL SELECT 3, d.id, d.name, '', NULL FROM ads d WHERE "
	    "strpos(coalesce(d.image_url, ''), $2) > 0 "
	    "UNION ALL SELECT 4, u.id, u.name, '', NULL FROM authors u "
	    "WHERE u.photo_id = $1 "
	    "UNION ALL SELECT DISTINCT 5, a.id, a.title, a.status, NULL "
	    "FROM live_updates v JOIN articles a ON a.id = v.article_id "
	    "WHERE strpos(v.body_md, $2) > 0 ORDER BY 1, 2",
	[STMT_MEDIA_DELETE] = "DELETE FROM media WHERE id = $1",
	/* STMT_MEDIA_FILES_DELETE: $1 the key; its variants' bytes. */
	[STMT_MEDIA_FILES_DELETE] =
	    "DELETE FROM media_files WHERE media_key = $1",
	[STMT_ARTICLE_FEATURED] =
	    "SELECT coalesce(featured_media_id, 0) FROM articles "
	    "WHERE id = $1",
	/*
	 * STMT_REVISION_FEATURED: $1 article, $2 now; a revision for a
	 * new featured image, unless the newest revision has it already.
	 */
	[STMT_REVISION_FEATURED] = REVISION_FROM_ARTICLE
	" AND "
	"coalesce(a.featured_media_id, 0) IS DISTINCT FROM (SELECT featured "
	"FROM article_revisions WHERE article_id = $1 "
	"ORDER BY id DESC LIMIT 1)",
	/*
	 * STMT_REVISION_FEATURED_FIX: inside an import the picture is part
	 * of the article's one saving, so its revision gets it.
	 */
	[STMT_REVISION_FEATURED_FIX] =
	    "UPDATE article_revisions SET featured = "
	    "(SELECT coalesce(featured_media_id, 0) FROM articles WHERE id = $1) "
	    "WHERE id = (SELECT max(id) FROM article_revisions "
	    "WHERE article_id = $1)",
	/* STMT_ARTICLE_SET_FEATURED: $2 NULL clears. */
	[STMT_ARTICLE_SET_FEATURED] =
	    "UPDATE articles SET featured_media_id = $2 WHERE id = $1",
	/* STMT_PIN_ADD: a second pin keeps the first one's time. */
	[STMT_PIN_ADD] =
	    "INSERT INTO article_pins (article_id, pinned_at) VALUES ($1, $2) "
	    "ON CONFLICT (article_id) DO NOTHING",
	[STMT_PIN_DELETE] = "DELETE FROM article_pins WHERE article_id = $1",
	/* STMT_PINS: $1 now (0: every pin), $2 limit; newest first. */
	[STMT_PINS] =
	    "SELECT p.article_id FROM article_pins p "
	    "JOIN articles a ON a.id = p.article_id "
	    "WHERE $1::bigint = 0 OR (a.status = 'published' "
	    "AND a.published_at <= $1) "
	    "ORDER BY coalesce(a.published_at, 0) DESC, a.id DESC LIMIT $2",
	/* --- most read --- */
	/* STMT_READS_ADD: $1 article, $2 hour, $3 reads; none for a deleted article. */
	[STMT_READS_ADD] =
	    "INSERT INTO article_reads (article_id, hour, reads) "
	    "SELECT $1::bigint, $2::bigint, $3::bigint WHERE EXISTS "
	    "(SELECT 1 FROM articles WHERE id = $1) "
	    "ON CONFLICT (article_id, hour) DO UPDATE "
	    "SET reads = article_reads.reads + excluded.reads",
	[STMT_READS_PRUNE] = "DELETE FROM article_reads WHERE hour < $1",
	/* STMT_MOST_READ: $1 since, $2 now, $3 limit. */
	[STMT_MOST_READ] =
	    "SELECT r.article_id FROM article_reads r "
	    "JOIN articles a ON a.id = r.article_id "
	    "WHERE r.hour >= $1 AND a.status = 'published' "
	    "AND a.published_at <= $2 GROUP BY r.article_id "
	    "ORDER BY sum(r.reads) DESC, r.article_id DESC LIMIT $3",
	/* --- pages, menus, WordPress compatibility --- */
	/* STMT_LIST_DATED: date archives, $7 <= published_at < $8. */
	[STMT_LIST_DATED] =
	    "SELECT " ARTICLE_COLS ARTICLE_FROM "WHERE " PUBLISHED
	    "AND a.published_at >= $7 AND a.published_at < $8 " NEWEST,
	/* STMT_COUNT_DATED */
	[STMT_COUNT_DATED] = "SELECT count(*) FROM articles a WHERE " PUBLISHED
			     "AND a.published_at >= $7 AND a.published_at < $8",
	/*
	 * STMT_PG_INSERT (enum ppar): the path is the parent's and the
	 * slug; a parent that does not exist fails the foreign key.
	 */
	[STMT_PG_INSERT] =
	    "INSERT INTO pages (wp_id, parent_id, slug, path, title, "
	    "body_format, body_src, body_html, body_text, status, "
	    "menu_order, author_id, created_at, published_at, updated_at) "
	    "VALUES ($1, $2, $3, coalesce((SELECT path || '/' FROM pages "
	    "WHERE id = $2), '') || $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	    "$12, $13, $14) RETURNING id",
	/* STMT_PG_UPDATE (enum ppar; not $12, created_at) */
	[STMT_PG_UPDATE] =
	    "UPDATE pages SET wp_id = $1, parent_id = $2, slug = $3, "
	    "path = coalesce((SELECT path || '/' FROM pages WHERE id = $2), "
	    "'') || $3, title = $4, body_format = $5, body_src = $6, "
	    "body_html = $7, body_text = $8, status = $9, menu_order = $10, "
	    "author_id = $11, published_at = $13, updated_at = $14, "
	    "version = version + 1 "
	    "WHERE id = $15 AND ($16::bigint = 0 OR version = $16)",
	/* STMT_PG_PATH: $1 id -> path, version, published_at */
	[STMT_PG_PATH] =
	    "SELECT path, version, published_at FROM pages WHERE id = $1",
	/* STMT_PG_MOVE_DESC: every path under $1 moves under $2. */
	[STMT_PG_MOVE_DESC] =
	    "UPDATE pages SET path = $2::text || substr(path, "
	    "length($1::text) + 1) "
	    "WHERE substr(path, 1, length($1) + 1) = $1 || '/'",
	/* STMT_PG_REV_ADD */
	[STMT_PG_REV_ADD] =
	    "INSERT INTO page_revisions (page_id, created_at, title, "
	    "body_format, body_src, user_id) VALUES ($1, $2, $3, $4, $5, $6)",
	/* STMT_PG_BY_ID (enum pcol) */
	[STMT_PG_BY_ID] = "SELECT " PAGE_COLS
			  ", 0 FROM pages p WHERE p.id = $1",
	/* STMT_PG_BY_PATH: published only. */
	[STMT_PG_BY_PATH] = "SELECT " PAGE_COLS ", 0 FROM pages p "
			    "WHERE p.path = $1 AND p.status = 'published'",
	/* STMT_PG_BY_OLD_PATH */
	[STMT_PG_BY_OLD_PATH] = "SELECT " PAGE_COLS ", 0 FROM page_old_paths o "
				"JOIN pages p ON p.id = o.page_id "
				"WHERE o.path = $1 AND p.status = 'published'",
	/*
	 * STMT_PG_LIST: $1 a status (NULL: all but trashed), $2 limit.
	 * Tree order: each page's key is its parent's key and its rank
	 * among its siblings; a page whose parent is not listed is listed
	 * at the top.  No bodies.
	 */
	[STMT_PG_LIST] =
	    "WITH RECURSIVE r AS (SELECT id, parent_id, row_number() OVER "
	    "(PARTITION BY parent_id ORDER BY menu_order, lower(title), "
	    "id) AS rk FROM pages WHERE ($1::text IS NULL AND status <> "
	    "'trashed') OR status = $1), "
	    "t (id, depth, k) AS (SELECT id, 0, lpad(rk::text, 6, '0') "
	    "FROM r WHERE parent_id IS NULL OR parent_id NOT IN "
	    "(SELECT id FROM r) UNION ALL SELECT r.id, t.depth + 1, "
	    "t.k || lpad(r.rk::text, 6, '0') "
	    "FROM r JOIN t ON r.parent_id = t.id WHERE t.depth < 16) "
	    "SELECT p.id, p.wp_id, p.parent_id, p.slug, p.path, p.title, "
	    "p.body_format, '', '', '', p.status, p.menu_order, "
	    "p.author_id, p.created_at, p.published_at, p.updated_at, "
	    "p.version, t.depth FROM t JOIN pages p ON p.id = t.id "
	    "ORDER BY t.k LIMIT $2",
	/* STMT_PG_SET_STATUS: $1 id, $2 status, $3 now */
	[STMT_PG_SET_STATUS] =
	    "UPDATE pages SET status = $2, published_at = CASE WHEN $2::text "
	    "= 'published' THEN coalesce(published_at, $3::bigint) "
	    "ELSE published_at "
	    "END, updated_at = $3, version = version + 1 WHERE id = $1",
	/* STMT_PG_HAS_CHILDREN */
	[STMT_PG_HAS_CHILDREN] =
	    "SELECT 1 FROM pages WHERE parent_id = $1 LIMIT 1",
	/* STMT_PG_DELETE */
	[STMT_PG_DELETE] = "DELETE FROM pages WHERE id = $1",
	/* STMT_PG_REV_LIST: as STMT_REVISION_LIST's columns. */
	[STMT_PG_REV_LIST] =
	    "SELECT r.id, r.page_id, r.created_at, r.title, '', '', "
	    "r.user_id, u.name FROM page_revisions r "
	    "LEFT JOIN users u ON u.id = r.user_id "
	    "WHERE r.page_id = $1 ORDER BY r.id DESC LIMIT 500",
	/* STMT_PG_REV_GET */
	[STMT_PG_REV_GET] =
	    "SELECT r.id, r.page_id, r.created_at, r.title, '', "
	    "r.body_src, r.user_id, u.name FROM page_revisions r "
	    "LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1",
	/* STMT_MN_ADD: $1 wp_id, $2 name, $3 now */
	[STMT_MN_ADD] =
	    "INSERT INTO menus (wp_id, name, created_at) VALUES ($1, $2, $3) "
	    "RETURNING id",
	/* STMT_MN_RENAME */
	[STMT_MN_RENAME] = "UPDATE menus SET name = $2 WHERE id = $1",
	/* STMT_MN_DELETE */
	[STMT_MN_DELETE] = "DELETE FROM menus WHERE id = $1",
	/* STMT_MN_LIST: $1 limit */
	[STMT_MN_LIST] =
	    "SELECT m.id, m.wp_id, m.name, (SELECT count(*) FROM menu_items "
	    "WHERE menu_id = m.id) FROM menus m ORDER BY m.name, m.id "
	    "LIMIT $1",
	/* STMT_MN_GET */
	[STMT_MN_GET] = "SELECT id, wp_id, name FROM menus WHERE id = $1",
	/*
	 * STMT_MN_ITEMS (enum mcol): $1 menu, $2 now, $3 limit.  The
	 * target as it is now: live when it exists and is public.
	 */
	[STMT_MN_ITEMS] =
	    "SELECT i.id, i.menu_id, i.wp_id, i.parent_id, i.position, "
	    "i.kind, i.target_id, i.url, i.label, "
	    "coalesce(CASE i.kind WHEN 'url' THEN 1 "
	    "WHEN 'page' THEN (pg.status = 'published')::int "
	    "WHEN 'section' THEN (se.id IS NOT NULL)::int "
	    "WHEN 'article' THEN (ar.status = 'published' AND "
	    "ar.published_at <= $2::bigint)::int END, 0), "
	    "coalesce(pg.title, se.name, ar.title), "
	    "coalesce(pg.path, se.slug, ar.slug), ar.published_at "
	    "FROM menu_items i "
	    "LEFT JOIN menu_items pa ON pa.id = i.parent_id "
	    "LEFT JOIN pages pg ON i.kind = 'page' AND pg.id = i.target_id "
	    "LEFT JOIN sections se ON i.kind = 'section' AND "
	    "se.id = i.target_id "
	    "LEFT JOIN articles ar ON i.kind = 'article' AND "
	    "ar.id = i.target_id "
	    "WHERE i.menu_id = $1 " MENU_ORDER "LIMIT $3",
	/*
	 * STMT_MN_ITEM_ADD: $4 position, NULL: after the last sibling.
	 */
	[STMT_MN_ITEM_ADD] =
	    "INSERT INTO menu_items (menu_id, wp_id, parent_id, position, "
	    "kind, target_id, url, label) VALUES ($1, $2, $3, coalesce($4, "
	    "(SELECT coalesce(max(position), 0) + 1 FROM menu_items WHERE "
	    "menu_id = $1 AND parent_id IS NOT DISTINCT FROM $3::bigint)), "
	    "$5, $6, $7, $8) RETURNING id",
	/* STMT_MN_ITEM_GET: id, menu_id, parent_id */
	[STMT_MN_ITEM_GET] =
	    "SELECT id, menu_id, parent_id FROM menu_items WHERE id = $1",
	/* STMT_MN_ITEM_COUNT */
	[STMT_MN_ITEM_COUNT] =
	    "SELECT count(*) FROM menu_items WHERE menu_id = $1",
	/* STMT_MN_ITEM_UPDATE */
	[STMT_MN_ITEM_UPDATE] =
	    "UPDATE menu_items SET kind = $2, target_id = $3, url = $4, "
	    "label = $5, wp_id = $6 WHERE id = $1",
	/* STMT_MN_ITEM_DELETE */
	[STMT_MN_ITEM_DELETE] = "DELETE FROM menu_items WHERE id = $1",
	/* STMT_MN_ITEM_PLACE: $1 id, $2 parent (NULL), $3 position */
	[STMT_MN_ITEM_PLACE] =
	    "UPDATE menu_items SET parent_id = $2, position = $3 "
	    "WHERE id = $1",
	/* STMT_MN_ITEM_TREE: id, parent_id of a menu, in display order. */
	[STMT_MN_ITEM_TREE] = "SELECT i.id, i.parent_id FROM menu_items i "
			      "LEFT JOIN menu_items pa ON pa.id = i.parent_id "
			      "WHERE i.menu_id = $1 " MENU_ORDER "LIMIT $2",
	/* STMT_MN_LOC_SET */
	[STMT_MN_LOC_SET] =
	    "INSERT INTO menu_locations (location, menu_id) VALUES ($1, $2) "
	    "ON CONFLICT (location) DO UPDATE SET menu_id = excluded.menu_id",
	/* STMT_MN_LOC_CLEAR */
	[STMT_MN_LOC_CLEAR] = "DELETE FROM menu_locations WHERE location = $1",
	/* STMT_MN_LOCS */
	[STMT_MN_LOCS] = "SELECT location, menu_id FROM menu_locations",
	/* STMT_WP_SET_*: $1 id, $2 wp_id (NULL clears) */
	[STMT_WP_SET_ARTICLE] = WP_SET("articles"),
	[STMT_WP_SET_PAGE] = WP_SET("pages"),
	[STMT_WP_SET_MEDIA] = WP_SET("media"),
	[STMT_WP_SET_SECTION] = WP_SET("sections"),
	[STMT_WP_SET_TAG] = WP_SET("tags"),
	[STMT_WP_SET_AUTHOR] = WP_SET("authors"),
	[STMT_WP_SET_USER] = WP_SET("users"),
	[STMT_WP_SET_COMMENT] = WP_SET("comments"),
	[STMT_WP_SET_MENU] = WP_SET("menus"),
	[STMT_WP_SET_MENU_ITEM] = WP_SET("menu_items"),
	/* STMT_WP_GET_*: $1 wp_id -> id */
	[STMT_WP_GET_ARTICLE] = WP_GET("articles"),
	[STMT_WP_GET_PAGE] = WP_GET("pages"),
	[STMT_WP_GET_MEDIA] = WP_GET("media"),
	[STMT_WP_GET_SECTION] = WP_GET("sections"),
	[STMT_WP_GET_TAG] = WP_GET("tags"),
	[STMT_WP_GET_AUTHOR] = WP_GET("authors"),
	[STMT_WP_GET_USER] = WP_GET("users"),
	[STMT_WP_GET_COMMENT] = WP_GET("comments"),
	[STMT_WP_GET_MENU] = WP_GET("menus"),
	[STMT_WP_GET_MENU_ITEM] = WP_GET("menu_items"),
	/* STMT_WP_ROWS_*: $1 after id, $2 limit -> id, wp_id (0: none) */
	[STMT_WP_ROWS_ARTICLE] = WP_ROWS("articles"),
	[STMT_WP_ROWS_PAGE] = WP_ROWS("pages"),
	[STMT_WP_ROWS_MEDIA] = WP_ROWS("media"),
	[STMT_WP_ROWS_SECTION] = WP_ROWS("sections"),
	[STMT_WP_ROWS_TAG] = WP_ROWS("tags"),
	[STMT_WP_ROWS_AUTHOR] = WP_ROWS("authors"),
	[STMT_WP_ROWS_USER] = WP_ROWS("users"),
	[STMT_WP_ROWS_COMMENT] = WP_ROWS("comments"),
	[STMT_WP_ROWS_MENU] = WP_ROWS("menus"),
	[STMT_WP_ROWS_MENU_ITEM] = WP_ROWS("menu_items"),
	/*
	 * STMT_OLD_SLUG_ADD: $1 slug, $2 article, $3 now; a slug some
	 * article has now is not an old one (no row).
	 */
	[STMT_OLD_SLUG_ADD] =
	    "INSERT INTO old_slugs (slug, article_id, created_at) "
	    "SELECT $1::text, $2::bigint, $3::bigint WHERE NOT EXISTS "
	    "(SELECT 1 FROM articles "
	    "WHERE slug = $1) ON CONFLICT (slug) DO UPDATE SET "
	    "article_id = excluded.article_id",
	/* STMT_OLD_SLUG_GET */
	[STMT_OLD_SLUG_GET] =
	    "SELECT article_id FROM old_slugs WHERE slug = $1",
	/* STMT_OLD_UPLOAD_ADD */
	[STMT_OLD_UPLOAD_ADD] =
	    "INSERT INTO old_uploads (path, media_id) VALUES ($1, $2) "
	    "ON CONFLICT (path) DO UPDATE SET media_id = excluded.media_id",
	/* STMT_OLD_UPLOAD_GET */
	[STMT_OLD_UPLOAD_GET] =
	    "SELECT media_id FROM old_uploads WHERE path = $1",
	/* STMT_SECTION_SET_PARENT: $2 NULL for the top level */
	[STMT_SECTION_SET_PARENT] =
	    "UPDATE sections SET parent_id = $2 WHERE id = $1",
	/* STMT_SECTION_PARENT */
	[STMT_SECTION_PARENT] =
	    "SELECT coalesce(parent_id, 0) FROM sections WHERE id = $1",
	/* --- two-factor login --- */
	/* STMT_TOTP_GET: the secret, its state and unused recovery codes. */
	[STMT_TOTP_GET] =
	    "SELECT secret, enabled, last_step, (SELECT count(*) FROM "
	    "user_recovery_codes r WHERE r.user_id = t.user_id AND "
	    "r.used_at IS NULL) FROM user_totp t WHERE t.user_id = $1",
	/* STMT_TOTP_BEGIN: a new unconfirmed secret; never over an
	 * enabled one (no row changes then). */
	[STMT_TOTP_BEGIN] =
	    "INSERT INTO user_totp (user_id, secret, enabled, last_step, "
	    "created_at) VALUES ($1, $2, 0, 0, $3) ON CONFLICT (user_id) "
	    "DO UPDATE SET secret = excluded.secret, last_step = 0, "
	    "created_at = excluded.created_at WHERE user_totp.enabled = 0",
	/* STMT_TOTP_ENABLE: only the unconfirmed secret $3 the code was
	 * checked against (another tab may have begun again since). */
	[STMT_TOTP_ENABLE] =
	    "UPDATE user_totp SET enabled = 1, last_step = $2 "
	    "WHERE user_id = $1 AND enabled = 0 AND secret = $3",
	/* STMT_TOTP_USE_STEP: a step later than the last one, once. */
	[STMT_TOTP_USE_STEP] =
	    "UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND "
	    "enabled = 1 AND last_step < $2",
	[STMT_TOTP_DELETE] = "DELETE FROM user_totp WHERE user_id = $1",
	[STMT_RECOVERY_CLEAR] =
	    "DELETE FROM user_recovery_codes WHERE user_id = $1",
	[STMT_RECOVERY_ADD] = "INSERT INTO user_recovery_codes (user_id, hash) "
			      "VALUES ($1, $2)",
	/* STMT_RECOVERY_USE: $3 now; an unused code, once. */
	[STMT_RECOVERY_USE] =
	    "UPDATE user_recovery_codes SET used_at = $3 WHERE "
	    "user_id = $1 AND hash = $2 AND used_at IS NULL",
	[STMT_CHALLENGE_ADD] =
	    "INSERT INTO login_challenges (token_hash, user_id, "
	    "expires_at, tries) VALUES ($1, $2, $3, 0)",
	/* STMT_CHALLENGE_GET: $2 now, $3 the wrong codes allowed. */
	[STMT_CHALLENGE_GET] =
	    "SELECT c.user_id FROM login_challenges c JOIN users u ON "
	    "u.id = c.user_id WHERE c.token_hash = $1 AND "
	    "c.expires_at > $2 AND c.tries < $3 AND u.disabled = 0",
	[STMT_CHALLENGE_FAIL] = "UPDATE login_challenges SET tries = tries + 1 "
				"WHERE token_hash = $1",
	/* STMT_CHALLENGE_DELETE: this one, and any that expired ($2). */
	[STMT_CHALLENGE_DELETE] =
	    "DELETE FROM login_challenges WHERE token_hash = $1 OR "
	    "expires_at <= $2",
};
