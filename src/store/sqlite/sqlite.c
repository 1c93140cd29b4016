/*
 * sqlite.c -- the SQLite backend of the store (store_int.h).
 *
 * Each connection is opened in WAL mode, so readers never block the
 * writer or each other, with foreign keys on and a busy timeout, and
 * keeps every statement of sqlite_sql.c prepared for its whole life.  A
 * connection is used by one thread at a time (the pool in store.c sees
 * to that), so it is opened with SQLITE_OPEN_NOMUTEX and SQLite's own
 * per-connection mutex is skipped.
 *
 * Writes run in BEGIN IMMEDIATE transactions; lookups that need more than
 * one query run in a read transaction so that they see one snapshot.
 * Whatever an operation leaves behind (a statement mid-step, an open
 * transaction after an error) is cleared by sqlite_idle() when the
 * connection goes back to the pool.
 *
 * This is the only file besides the tests' own checks that includes
 * sqlite3.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/sqlite/sqlite_int.h"

/* Row loaders.  Each returns NG_OK, NG_ENOMEM or NG_EDB. */

static enum ng_err
load_article(struct sqlite_rd *r, sqlite3_stmt *s, struct article *a)
{
	struct str status;

	memset(a, 0, sizeof(*a));
	a->id = sqlite_col_i64(s, ACOL_ID);
	a->slug = sqlite_col_str(r, s, ACOL_SLUG);
	a->kicker = sqlite_col_str(r, s, ACOL_KICKER);
	a->title = sqlite_col_str(r, s, ACOL_TITLE);
	a->dek = sqlite_col_str(r, s, ACOL_DEK);
	a->source_name = sqlite_col_str(r, s, ACOL_SOURCE_NAME);
	a->source_url = sqlite_col_str(r, s, ACOL_SOURCE_URL);
	a->body_md = sqlite_col_str(r, s, ACOL_BODY_MD);
	/* Rendered by markdown_render() or the sanitizer when saved. */
	a->body_html = safe_html_trust(sqlite_col_str(r, s, ACOL_BODY_HTML));
	a->body_text = sqlite_col_str(r, s, ACOL_BODY_TEXT);
	a->comments_open = sqlite_col_i64(s, ACOL_COMMENTS_OPEN) != 0;
	a->created_at = sqlite_col_i64(s, ACOL_CREATED_AT);
	a->published_at = sqlite_col_i64(s, ACOL_PUBLISHED_AT);
	a->updated_at = sqlite_col_i64(s, ACOL_UPDATED_AT);
	a->seo_title = sqlite_col_str(r, s, ACOL_SEO_TITLE);
	a->seo_description = sqlite_col_str(r, s, ACOL_SEO_DESCRIPTION);
	a->legacy_url = sqlite_col_str(r, s, ACOL_LEGACY_URL);
	a->author_id = sqlite_col_i64(s, ACOL_AUTHOR_ID);
	a->section_id = sqlite_col_i64(s, ACOL_SECTION_ID);
	a->related_id = sqlite_col_i64(s, ACOL_RELATED_ID);
	a->version = sqlite_col_i64(s, ACOL_VERSION);
	a->canonical_url = sqlite_col_str(r, s, ACOL_CANONICAL_URL);
	a->format = sqlite_col_i64(s, ACOL_BODY_FORMAT) == BODY_HTML ?
	    BODY_HTML :
	    BODY_MARKDOWN;

	a->author.id = sqlite_col_i64(s, ACOL_AU_ID);
	a->author.slug = sqlite_col_str(r, s, ACOL_AU_SLUG);
	a->author.name = sqlite_col_str(r, s, ACOL_AU_NAME);
	a->author.bio = sqlite_col_str(r, s, ACOL_AU_BIO);
	a->section.id = sqlite_col_i64(s, ACOL_SE_ID);
	a->section.slug = sqlite_col_str(r, s, ACOL_SE_SLUG);
	a->section.name = sqlite_col_str(r, s, ACOL_SE_NAME);
	a->section.description = sqlite_col_str(r, s, ACOL_SE_DESCRIPTION);
	a->section.position = (int)sqlite_col_i64(s, ACOL_SE_POSITION);
	a->related.id = sqlite_col_i64(s, ACOL_RE_ID);
	a->related.slug = sqlite_col_str(r, s, ACOL_RE_SLUG);
	a->related.title = sqlite_col_str(r, s, ACOL_RE_TITLE);
	a->related.published_at = sqlite_col_i64(s, ACOL_RE_PUBLISHED_AT);
	a->tags = NULL;
	a->ntags = 0;

	if (r->oom)
		return NG_ENOMEM;
	status = (struct str){ (const char *)sqlite3_column_text(s,
				   ACOL_STATUS),
		(size_t)sqlite3_column_bytes(s, ACOL_STATUS) };
	if (status.p == NULL || !store_status_parse(status, &a->status)) {
		log_err("store: article %lld has an unknown status",
		    (long long)a->id);
		return NG_EDB;
	}
	return NG_OK;
}

/* A sqlite_row_fn: row is a struct section. */
static void
load_section(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct section *se = row;
	se->id = sqlite_col_i64(s, 0);
	se->slug = sqlite_col_str(r, s, 1);
	se->name = sqlite_col_str(r, s, 2);
	se->description = sqlite_col_str(r, s, 3);
	se->position = (int)sqlite_col_i64(s, 4);
}

/* The tags of article a, in their editor-given order. */
static enum ng_err
load_tags(struct sqlite_rd *r, struct sqlite_conn *c, struct article *a)
{
	sqlite3_stmt *s;
	struct tag   *v = NULL;
	enum ng_err   err = NG_OK;
	size_t	      cap = 0, n = 0;
	int	      rc;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_TAGS)) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, a->id))
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(r->ar, v, &cap, n, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		v[n].id = sqlite_col_i64(s, 0);
		v[n].slug = sqlite_col_str(r, s, 1);
		v[n].name = sqlite_col_str(r, s, 2);
		n++;
	}
	if (rc < 0)
		return err;
	if (r->oom)
		return NG_ENOMEM;
	a->tags = v;
	a->ntags = n;
	return NG_OK;
}

/*
 * Connection life.
 */

static enum ng_err
open_fail(struct sqlite_conn *c, const char *path, const char *what,
    char *errbuf, size_t errsz)
{
	snprintf(errbuf, errsz, "cannot %s database %s: %s", what, path,
	    sqlite3_errmsg(c->db));
	return NG_EDB;
}

/* Run a pragma statement and copy its one-row answer into buf. */
static enum ng_err
pragma_text(struct sqlite_conn *c, enum stmt id, char *buf, size_t bufsz)
{
	sqlite3_stmt	    *s;
	const unsigned char *t;
	enum ng_err	     err = NG_OK;
	int		     r;

	buf[0] = '\0';
	if ((s = sqlite_stmt_get(c, id)) == NULL)
		return NG_EDB;
	if ((r = sqlite_step(c, s, &err)) < 0)
		return err;
	if (r == 1) {
		if ((t = sqlite3_column_text(s, 0)) != NULL)
			snprintf(buf, bufsz, "%s", (const char *)t);
		sqlite3_reset(s);
	}
	return NG_OK;
}

static void sqlite_close(struct store_conn *, int);
static void sqlite_idle(struct store_conn *);

static enum ng_err
sqlite_open(const char *path, struct store_conn **out, char *errbuf,
    size_t errsz)
{
	struct sqlite_conn *c;
	char		    val[32];
	enum ng_err	    err;
	int		    rc;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	rc = sqlite3_open_v2(path, &c->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		if (c->db != NULL)
			err = open_fail(c, path, "open", errbuf, errsz);
		else {
			snprintf(errbuf, errsz, "cannot open database %s: %s",
			    path, sqlite3_errstr(rc));
			err = NG_EDB;
		}
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);

	/* The first read of the file: "not a database" shows up here. */
	if (pragma_text(c, STMT_PRAGMA_WAL, val, sizeof(val)) != NG_OK) {
		err = open_fail(c, path, "open", errbuf, errsz);
		goto fail;
	}
	if (strcmp(val, "wal") != 0) {
		snprintf(errbuf, errsz,
		    "cannot use WAL mode for database %s "
		    "(journal mode is \"%s\")",
		    path, val);
		err = NG_EDB;
		goto fail;
	}
	if (sqlite_exec_id(c, STMT_PRAGMA_SYNCHRONOUS) != NG_OK ||
	    sqlite_exec_id(c, STMT_PRAGMA_FOREIGN_KEYS_ON) != NG_OK ||
	    pragma_text(c, STMT_PRAGMA_FOREIGN_KEYS, val, sizeof(val)) !=
		NG_OK) {
		err = open_fail(c, path, "configure", errbuf, errsz);
		goto fail;
	}
	/* A build without foreign keys would silently skip every check. */
	if (strcmp(val, "1") != 0) {
		snprintf(errbuf, errsz,
		    "cannot enable foreign keys for "
		    "database %s",
		    path);
		err = NG_EDB;
		goto fail;
	}
	if (sqlite_rank_register(c->db) != NG_OK) {
		snprintf(errbuf, errsz, "cannot set up search for database %s",
		    path);
		err = NG_EDB;
		goto fail;
	}
	*out = &c->base;
	return NG_OK;

fail:
	sqlite_close(&c->base, 0);
	return err;
}

/* The statements returning enum acol rows. */
static const enum stmt article_stmts[] = {
	STMT_ARTICLE_BY_SLUG,
	STMT_ARTICLE_BY_ID,
	STMT_LIST_ALL,
	STMT_LIST_SECTION,
	STMT_LIST_AUTHOR,
	STMT_LIST_TAG,
	STMT_LIST_ANY,
};

static enum ng_err
sqlite_prepare(struct store_conn *sc, char *errbuf, size_t errsz)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	size_t		    i;
	int		    n;

	for (i = 0; i < STMT__MAX; i++) {
		if (sqlite_sql[i] == NULL) {
			snprintf(errbuf, errsz, "statement %zu has no SQL", i);
			return NG_EINVAL;
		}
		if (sqlite_stmt_get(c, (enum stmt)i) == NULL) {
			snprintf(errbuf, errsz, "cannot prepare \"%.60s\": %s",
			    sqlite_sql[i], sqlite3_errmsg(c->db));
			return NG_EDB;
		}
	}
	/* Whatever set-up and migrations left bound or stepped. */
	sqlite_idle(sc);
	for (i = 0; i < sizeof(article_stmts) / sizeof(article_stmts[0]); i++) {
		n = sqlite3_column_count(c->stmt[article_stmts[i]]);
		if (n != ACOL__MAX) {
			snprintf(errbuf, errsz,
			    "statement \"%.60s\" has %d "
			    "columns, not %d",
			    sqlite_sql[article_stmts[i]], n, ACOL__MAX);
			return NG_EINVAL;
		}
	}
	return NG_OK;
}

static void
sqlite_idle(struct store_conn *sc)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	size_t		    i;

	for (i = 0; i < STMT__MAX; i++) {
		if (!c->used[i])
			continue;
		sqlite3_reset(c->stmt[i]);
		sqlite3_clear_bindings(c->stmt[i]);
		c->used[i] = 0;
	}
	sqlite_copy_forget(c);
	c->nested = 0;
	if (c->bulk)
		return; /* the bulk transaction stays open */
	if (c->pinned && c->session_tx)
		return; /* the read session's, kept for its next call */
	if (!sqlite3_get_autocommit(c->db)) {
		log_warn("store: rolling back a transaction left open");
		if (sqlite_exec_id(c, STMT_ROLLBACK) != NG_OK)
			log_err("store: cannot roll back");
		sqlite3_reset(c->stmt[STMT_ROLLBACK]);
		c->used[STMT_ROLLBACK] = 0;
	}
}

static void
sqlite_pin(struct store_conn *sc, int on)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);

	if (on) {
		c->pinned = 1;
		c->session_tx = sqlite_exec_id(c, STMT_BEGIN_READ) == NG_OK;
		sqlite3_reset(c->stmt[STMT_BEGIN_READ]);
		return;
	}
	/* Read-only, so COMMIT and ROLLBACK are the same; COMMIT is quiet. */
	if (c->session_tx && !sqlite3_get_autocommit(c->db) &&
	    sqlite_exec_id(c, STMT_COMMIT) != NG_OK)
		log_warn("store: cannot end a read session");
	c->pinned = 0;
	c->session_tx = 0;
	sqlite_idle(sc);
}

static enum ng_err
sqlite_bulk(struct store_conn *sc, int on, enum ng_err result)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	enum ng_err	    err;

	if (on) {
		if ((err = sqlite_exec_id(c, STMT_BEGIN_WRITE)) != NG_OK)
			return err;
		sqlite3_reset(c->stmt[STMT_BEGIN_WRITE]);
		c->used[STMT_BEGIN_WRITE] = 0;
		if ((err = sqlite_exec_id(c, STMT_SEARCH_DEFER)) != NG_OK) {
			if (sqlite_exec_id(c, STMT_ROLLBACK) != NG_OK)
				log_err("store: cannot roll back");
			sqlite_idle(sc);
			return err;
		}
		c->bulk = 1;
		c->search_dirty = 0;
		/*
		 * A transaction of a whole archive: with the default 2 MB
		 * of cache its pages spill to the log and are written there
		 * again and again as the tables grow.
		 */
		if (sqlite3_exec(c->db, sqlite_sql[STMT_PRAGMA_CACHE_BULK],
			NULL, NULL, NULL) != SQLITE_OK)
			log_warn("store: cannot grow the cache for a bulk "
				 "write");
		return NG_OK;
	}
	/* The articles it saved go into the search index before it ends. */
	if (result == NG_OK && !sqlite3_get_autocommit(c->db))
		result = sqlite_search_flush(c, 1);
	c->bulk = 0;
	c->search_dirty = 0;
	if (sqlite3_exec(c->db, sqlite_sql[STMT_PRAGMA_CACHE_NORMAL], NULL,
		NULL, NULL) != SQLITE_OK)
		log_warn("store: cannot shrink the cache after a bulk write");
	c->nested = 0;
	if (sqlite3_get_autocommit(c->db))
		return result == NG_OK ? NG_EDB : result;
	if (result == NG_OK)
		err = sqlite_exec_id(c, STMT_COMMIT);
	else {
		err = result;
		if (sqlite_exec_id(c, STMT_ROLLBACK) != NG_OK)
			log_err("store: cannot roll back a bulk write");
	}
	sqlite_idle(sc);
	return err;
}

static void
sqlite_close(struct store_conn *sc, int last)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	char		    val[64];
	size_t		    i;
	int		    rc;

	if (c == NULL)
		return;
	if (c->db != NULL && c->stmt[STMT_PRAGMA_OPTIMIZE] != NULL) {
		sqlite_idle(sc);
		if (sqlite_exec_id(c, STMT_PRAGMA_OPTIMIZE) != NG_OK)
			log_warn("store: PRAGMA optimize failed");
		/*
		 * Only the last connection can truncate the log; another
		 * process still reading makes this a harmless no-op.
		 */
		if (last &&
		    pragma_text(c, STMT_PRAGMA_CHECKPOINT, val, sizeof(val)) !=
			NG_OK)
			log_warn("store: WAL checkpoint failed");
	}
	sqlite_copy_forget(c);
	sqlite_api_forget(c);
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(c->stmt[i]);
	if (c->db != NULL && (rc = sqlite3_close(c->db)) != SQLITE_OK)
		log_err("store: close: %s", sqlite3_errstr(rc));
	free(c);
}

/*
 * Migrations.
 */

static enum ng_err
sqlite_migration_init(struct store_conn *sc, char *errbuf, size_t errsz)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	enum ng_err	    err;

	if ((err = sqlite_exec_id(c, STMT_MIG_CREATE)) != NG_OK)
		snprintf(errbuf, errsz, "cannot create schema_migrations: %s",
		    sqlite3_errmsg(c->db));
	return err;
}

static enum ng_err
sqlite_migration_apply(struct store_conn *sc, const struct store_migration *m,
    int64_t now, int *applied, char *errbuf, size_t errsz)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	char		   *msg = NULL;
	enum ng_err	    err = NG_OK;
	int		    r;

	*applied = 0;
	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	/* Checked under the write lock: another process may have won. */
	if ((s = sqlite_stmt_get(c, STMT_MIG_APPLIED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, m->version)) {
		err = NG_EDB;
		goto out;
	}
	if ((r = sqlite_step(c, s, &err)) < 0)
		goto out;
	sqlite3_reset(s);
	if (r == 1)
		goto out;

	if (sqlite3_exec(c->db, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_err("store: migration %s: %s", m->file,
		    msg != NULL ? msg : sqlite3_errmsg(c->db));
		snprintf(errbuf, errsz, "migration %s failed: %s", m->file,
		    msg != NULL ? msg : sqlite3_errmsg(c->db));
		sqlite3_free(msg);
		err = NG_EDB;
		goto out;
	}
	if ((s = sqlite_stmt_get(c, STMT_MIG_RECORD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, m->version) ||
	    !sqlite_bind_text(c, s, 2, str_c(m->name)) ||
	    !sqlite_bind_i64(c, s, 3, now)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	*applied = 1;
out:
	err = sqlite_tx_end(c, err);
	if (err != NG_OK) {
		*applied = 0;
		if (errsz > 0 && errbuf[0] == '\0')
			snprintf(errbuf, errsz, "migration %s failed: %s",
			    m->file, sqlite3_errmsg(c->db));
	}
	return err;
}

/* A single-integer query with no parameters. */
static enum ng_err
query_int(struct sqlite_conn *c, enum stmt id, int64_t *out)
{
	sqlite3_stmt *s;
	enum ng_err   err = NG_OK;
	int	      r;

	*out = 0;
	if ((s = sqlite_stmt_get(c, id)) == NULL)
		return NG_EDB;
	if ((r = sqlite_step(c, s, &err)) < 0)
		return err;
	if (r == 0) {
		log_err("store: no row from \"%.60s\"", sqlite_sql[id]);
		return NG_EDB;
	}
	*out = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
	return NG_OK;
}

static enum ng_err
sqlite_schema_version(struct store_conn *sc, int *out)
{
	enum ng_err err;
	int64_t	    v;

	err = query_int(sqlite_conn_of(sc), STMT_SCHEMA_VERSION, &v);
	*out = err == NG_OK && v > 0 && v <= INT_MAX ? (int)v : 0;
	return err;
}

static enum ng_err
sqlite_is_empty(struct store_conn *sc, int *empty)
{
	enum ng_err err;
	int64_t	    v;

	err = query_int(sqlite_conn_of(sc), STMT_IS_EMPTY, &v);
	*empty = err == NG_OK && v != 0;
	return err;
}

/*
 * Writes.
 */

static enum ng_err
sqlite_section_add(struct store_conn *sc, const struct section *se, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_SECTION_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, se->slug) ||
	    !sqlite_bind_text(c, s, 2, se->name) ||
	    !sqlite_bind_opt(c, s, 3, se->description) ||
	    !sqlite_bind_i64(c, s, 4, se->position)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	err = sqlite_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

static enum ng_err
sqlite_author_add(struct store_conn *sc, const struct author *au, int64_t now,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_AUTHOR_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, au->slug) ||
	    !sqlite_bind_text(c, s, 2, au->name) ||
	    !sqlite_bind_opt(c, s, 3, au->bio) ||
	    !sqlite_bind_i64(c, s, 4, now) ||
	    !sqlite_bind_i64(c, s, 5, au->photo_id) ||
	    !sqlite_bind_text(c, s, 6, au->links) ||
	    !sqlite_bind_i64(c, s, 7, au->organization ? 1 : 0)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	err = sqlite_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

static enum ng_err
sqlite_tag_ensure(struct store_conn *sc, struct str name, struct str slug,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int		    r;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_TAG_INSERT)) == NULL ||
	    !sqlite_bind_text(c, s, 1, slug) ||
	    !sqlite_bind_text(c, s, 2, name)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_TAG_ID)) == NULL ||
	    !sqlite_bind_text(c, s, 1, slug)) {
		err = NG_EDB;
		goto out;
	}
	if ((r = sqlite_step(c, s, &err)) < 0)
		goto out;
	if (r == 0) {
		log_err("store: tag %.*s vanished", (int)slug.n, slug.p);
		err = NG_EDB;
		goto out;
	}
	*id = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
out:
	err = sqlite_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

/* Bind the columns INSERT and UPDATE share (enum apar). */
static int
bind_article(struct sqlite_conn *c, sqlite3_stmt *s, const struct article *a)
{
	return sqlite_bind_text(c, s, APAR_SLUG, a->slug) &&
	    sqlite_bind_opt(c, s, APAR_KICKER, a->kicker) &&
	    sqlite_bind_text(c, s, APAR_TITLE, a->title) &&
	    sqlite_bind_opt(c, s, APAR_DEK, a->dek) &&
	    sqlite_bind_opt(c, s, APAR_SOURCE_NAME, a->source_name) &&
	    sqlite_bind_opt(c, s, APAR_SOURCE_URL, a->source_url) &&
	    sqlite_bind_text(c, s, APAR_BODY_MD, a->body_md) &&
	    sqlite_bind_text(c, s, APAR_BODY_HTML, a->body_html.s) &&
	    sqlite_bind_text(c, s, APAR_BODY_TEXT, a->body_text) &&
	    sqlite_bind_text(c, s, APAR_STATUS,
		str_c(store_status_name(a->status))) &&
	    sqlite_bind_i64(c, s, APAR_COMMENTS_OPEN, a->comments_open) &&
	    sqlite_bind_i64(c, s, APAR_CREATED_AT, a->created_at) &&
	    sqlite_bind_ref(c, s, APAR_PUBLISHED_AT, a->published_at) &&
	    sqlite_bind_i64(c, s, APAR_UPDATED_AT, a->updated_at) &&
	    sqlite_bind_opt(c, s, APAR_SEO_TITLE, a->seo_title) &&
	    sqlite_bind_opt(c, s, APAR_SEO_DESCRIPTION, a->seo_description) &&
	    sqlite_bind_opt(c, s, APAR_LEGACY_URL, a->legacy_url) &&
	    sqlite_bind_ref(c, s, APAR_AUTHOR_ID, a->author_id) &&
	    sqlite_bind_ref(c, s, APAR_SECTION_ID, a->section_id) &&
	    sqlite_bind_ref(c, s, APAR_RELATED_ID, a->related_id) &&
	    sqlite_bind_opt(c, s, APAR_CANONICAL_URL, a->canonical_url) &&
	    sqlite_bind_i64(c, s, APAR_BODY_FORMAT, a->format);
}

/*
 * An UPDATE that changed nothing: either the row is gone or its version
 * moved on since the caller read it.
 */
static enum ng_err
update_missed(struct sqlite_conn *c, int64_t id)
{
	sqlite3_stmt *s;
	enum ng_err   err = NG_OK;
	int	      r;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_VERSION)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((r = sqlite_step(c, s, &err)) < 0)
		return err;
	sqlite3_reset(s);
	return r == 1 ? NG_ECONFLICT : NG_ENOTFOUND;
}

static enum ng_err
sqlite_article_save(struct store_conn *sc, const struct article *a,
    const int64_t *tag_ids, size_t ntags, int64_t now, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    aid = a->id;
	size_t		    i;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;

	if (aid == 0) {
		if ((s = sqlite_stmt_get(c, STMT_ARTICLE_INSERT)) == NULL ||
		    !bind_article(c, s, a)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
		aid = sqlite3_last_insert_rowid(c->db);
	} else {
		if ((s = sqlite_stmt_get(c, STMT_ARTICLE_UPDATE)) == NULL ||
		    !bind_article(c, s, a) ||
		    !sqlite_bind_i64(c, s, APAR_ID, aid) ||
		    !sqlite_bind_i64(c, s, APAR_VERSION, a->version)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
		if (sqlite3_changes(c->db) == 0) {
			err = update_missed(c, aid);
			goto out;
		}
	}

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_TAGS_CLEAR)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, aid)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_TAG_ADD)) == NULL) {
		err = NG_EDB;
		goto out;
	}
	for (i = 0; i < ntags; i++) {
		if (!sqlite_bind_i64(c, s, 1, aid) ||
		    !sqlite_bind_i64(c, s, 2, tag_ids[i]) ||
		    !sqlite_bind_i64(c, s, 3, (int64_t)i)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
	}

	/* The bylines, before the revision that keeps them. */
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_AUTHORS_CLEAR)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, aid)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_AUTHOR_ADD)) == NULL) {
		err = NG_EDB;
		goto out;
	}
	for (i = 0; i < a->nauthor_ids; i++) {
		if (!sqlite_bind_i64(c, s, 1, aid) ||
		    !sqlite_bind_i64(c, s, 2, a->author_ids[i]) ||
		    !sqlite_bind_i64(c, s, 3, (int64_t)i)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
	}

	if ((s = sqlite_stmt_get(c, STMT_REVISION_ADD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, aid) || !sqlite_bind_i64(c, s, 2, now)) {
		err = NG_EDB;
		goto out;
	}
	err = sqlite_exec_stmt(c, s);
	/*
	 * Related articles, in the same transaction.  Not inside a bulk
	 * write: an import computes them once every article is in
	 * (store_related_refresh()), which is both cheaper and better
	 * than each article seeing only those imported before it.
	 */
	if (err == NG_OK && !c->bulk)
		err = sqlite_related_compute(c, aid, now);
	else if (err == NG_OK)
		c->search_dirty = 1;
out:
	err = sqlite_tx_end(c, err);
	*id = err == NG_OK ? aid : 0;
	return err;
}

static enum ng_err
sqlite_article_revisions(struct store_conn *sc, int64_t id, size_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    r;

	*out = 0;
	if ((s = sqlite_stmt_get(c, STMT_REVISION_COUNT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((r = sqlite_step(c, s, &err)) < 0)
		return err;
	if (r == 1) {
		*out = (size_t)sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return NG_OK;
}

/*
 * Lookups.
 */

/* Run an article statement already bound, then fetch the tags. */
static enum ng_err
article_one(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s,
    struct article *out)
{
	struct sqlite_rd r = { ar, 0 };
	enum ng_err	 err = NG_OK;
	int		 rc;

	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		goto out;
	if (rc == 0) {
		err = NG_ENOTFOUND;
		goto out;
	}
	err = load_article(&r, s, out);
	sqlite3_reset(s);
	if (err != NG_OK)
		goto out;
	err = load_tags(&r, c, out);
out:
	/* A read transaction: commit and rollback are the same. */
	if (sqlite_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

static enum ng_err
sqlite_article_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    int64_t now, struct article *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_BY_SLUG)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) || !sqlite_bind_text(c, s, 2, slug))
		return NG_EDB;
	return article_one(ar, c, s, out);
}

static enum ng_err
sqlite_article_by_id(struct arena *ar, struct store_conn *sc, int64_t id,
    int64_t now, struct article *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_BY_ID)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) || !sqlite_bind_i64(c, s, 2, id))
		return NG_EDB;
	return article_one(ar, c, s, out);
}

/* Which list/count pair a query uses: one index per single filter. */
static void
list_stmts(const struct article_query *q, enum stmt *list, enum stmt *count)
{
	int nfilt;

	nfilt = (q->section_id != 0) + (q->author_id != 0) + (q->tag_id != 0);
	if (q->from != 0 || q->to != 0) {
		/* --- date archives --- */
		*list = STMT_LIST_DATED;
		*count = STMT_COUNT_DATED;
	} else if (nfilt == 0) {
		*list = STMT_LIST_ALL;
		*count = STMT_COUNT_ALL;
	} else if (nfilt > 1) {
		*list = STMT_LIST_ANY;
		*count = STMT_COUNT_ANY;
	} else if (q->section_id != 0) {
		*list = STMT_LIST_SECTION;
		*count = STMT_COUNT_SECTION;
	} else if (q->author_id != 0) {
		*list = STMT_LIST_AUTHOR;
		*count = STMT_COUNT_AUTHOR;
	} else {
		*list = STMT_LIST_TAG;
		*count = STMT_COUNT_TAG;
	}
}

static int
bind_query(struct sqlite_conn *c, sqlite3_stmt *s,
    const struct article_query *q, int64_t now)
{
	return sqlite_bind_i64_if(c, s, LPAR_NOW, now) &&
	    sqlite_bind_i64_if(c, s, LPAR_LIMIT, (int64_t)q->limit) &&
	    sqlite_bind_i64_if(c, s, LPAR_OFFSET, (int64_t)q->offset) &&
	    sqlite_bind_i64_if(c, s, LPAR_SECTION, q->section_id) &&
	    sqlite_bind_i64_if(c, s, LPAR_AUTHOR, q->author_id) &&
	    sqlite_bind_i64_if(c, s, LPAR_TAG, q->tag_id) &&
	    sqlite_bind_i64_if(c, s, LPAR_FROM, q->from) &&
	    sqlite_bind_i64_if(c, s, LPAR_TO, q->to);
}

/*
 * Statement st with ?1 bound to the ids v[0..n) (n <= STORE_LIST_MAX) as
 * a JSON array, for json_each(); NULL on failure.
 */
static sqlite3_stmt *
stmt_with_ids(struct sqlite_conn *c, enum stmt st, const int64_t *v, size_t n)
{
	/* "[" + up to 20 digits and a comma per id + "]" */
	char	      ids[2 + STORE_LIST_MAX * 21];
	sqlite3_stmt *s;
	size_t	      i, len = 0;
	int	      rc, w;

	ids[len++] = '[';
	for (i = 0; i < n && i < STORE_LIST_MAX; i++) {
		w = snprintf(ids + len, sizeof(ids) - len, "%s%lld",
		    i > 0 ? "," : "", (long long)v[i]);
		if (w < 0 || (size_t)w >= sizeof(ids) - len)
			return NULL;
		len += (size_t)w;
	}
	if (len + 1 >= sizeof(ids))
		return NULL;
	ids[len++] = ']';
	if ((s = sqlite_stmt_get(c, st)) == NULL)
		return NULL;
	/* Transient: ids is on this stack frame. */
	if ((rc = sqlite3_bind_text64(s, 1, ids, len, SQLITE_TRANSIENT,
		 SQLITE_UTF8)) != SQLITE_OK) {
		sqlite_bind_fail(c, s, 1, rc);
		return NULL;
	}
	return s;
}

/*
 * The tags of every article in v[0..n) with one query: the ids go in as
 * a JSON array (json_each), and since the rows come grouped by article,
 * each article's tags are a run of one arena vector.
 */
static enum ng_err
list_tags(struct sqlite_rd *r, struct sqlite_conn *c, struct article *v,
    size_t n)
{
	int64_t	      idv[STORE_LIST_MAX];
	sqlite3_stmt *s;
	struct tag   *tags = NULL;
	int64_t	     *owner = NULL;
	enum ng_err   err = NG_OK;
	size_t	      i, j, k, cap = 0, ocap = 0, nt = 0;
	int	      rc;

	if (n == 0)
		return NG_OK;
	for (i = 0; i < n && i < STORE_LIST_MAX; i++)
		idv[i] = v[i].id;
	if ((s = stmt_with_ids(c, STMT_LIST_TAGS, idv, i)) == NULL)
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((tags = sqlite_vec_grow(r->ar, tags, &cap, nt,
			 sizeof(*tags))) == NULL ||
		    (owner = sqlite_vec_grow(r->ar, owner, &ocap, nt,
			 sizeof(*owner))) == NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		owner[nt] = sqlite_col_i64(s, 0);
		tags[nt].id = sqlite_col_i64(s, 1);
		tags[nt].slug = sqlite_col_str(r, s, 2);
		tags[nt].name = sqlite_col_str(r, s, 3);
		nt++;
	}
	if (rc < 0)
		return err;
	if (r->oom)
		return NG_ENOMEM;

	for (i = 0; i < nt; i = j) {
		for (j = i + 1; j < nt && owner[j] == owner[i]; j++)
			continue;
		for (k = 0; k < n; k++)
			if (v[k].id == owner[i]) {
				v[k].tags = &tags[i];
				v[k].ntags = j - i;
				break;
			}
	}
	return NG_OK;
}

static enum ng_err
sqlite_article_authors(struct arena *ar, struct store_conn *sc,
    const int64_t *v, size_t n, int64_t **owner_out, struct author **au_out,
    size_t *nrows)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	struct author	   *au = NULL;
	int64_t		   *owner = NULL;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0, ocap = 0, nt = 0;
	int		    rc;

	*owner_out = NULL;
	*au_out = NULL;
	*nrows = 0;
	if (n == 0)
		return NG_OK;
	if ((s = stmt_with_ids(c, STMT_LIST_AUTHORS, v, n)) == NULL)
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((au = sqlite_vec_grow(r.ar, au, &cap, nt, sizeof(*au))) ==
			NULL ||
		    (owner = sqlite_vec_grow(r.ar, owner, &ocap, nt,
			 sizeof(*owner))) == NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		memset(&au[nt], 0, sizeof(au[nt]));
		owner[nt] = sqlite_col_i64(s, 0);
		au[nt].id = sqlite_col_i64(s, 1);
		au[nt].slug = sqlite_col_str(&r, s, 2);
		au[nt].name = sqlite_col_str(&r, s, 3);
		au[nt].bio = sqlite_col_str(&r, s, 4);
		au[nt].photo_id = sqlite_col_i64(s, 5);
		au[nt].links = sqlite_col_str(&r, s, 6);
		au[nt].organization = sqlite_col_i64(s, 7) != 0;
		nt++;
	}
	if (rc < 0)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	*owner_out = owner;
	*au_out = au;
	*nrows = nt;
	return NG_OK;
}

static enum ng_err
sqlite_article_list(struct arena *ar, struct store_conn *sc,
    const struct article_query *q, int64_t now, struct article_list *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum stmt	    ls, cs;
	enum ng_err	    err = NG_OK;
	int64_t		    total;
	size_t		    want;
	int		    rc = 0;

	list_stmts(q, &ls, &cs);
	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;

	if (q->no_total)
		want = q->limit;
	else {
		if ((s = sqlite_stmt_get(c, cs)) == NULL ||
		    !bind_query(c, s, q, now)) {
			err = NG_EDB;
			goto out;
		}
		if ((rc = sqlite_step(c, s, &err)) < 0)
			goto out;
		total = rc == 1 ? sqlite_col_i64(s, 0) : 0;
		sqlite3_reset(s);
		out->total = total > 0 ? (size_t)total : 0;
		if (q->offset >= out->total)
			goto out;
		want = out->total - q->offset;
		if (want > q->limit)
			want = q->limit;
	}
	if (want == 0)
		goto out;
	if ((out->v = arena_calloc(ar, want, sizeof(*out->v))) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	if ((s = sqlite_stmt_get(c, ls)) == NULL || !bind_query(c, s, q, now)) {
		err = NG_EDB;
		goto out;
	}
	/* The count and the rows come from one snapshot, so they agree. */
	while (out->n < want && (rc = sqlite_step(c, s, &err)) == 1) {
		if ((err = load_article(&r, s, &out->v[out->n])) != NG_OK) {
			sqlite3_reset(s);
			goto out;
		}
		out->n++;
	}
	if (rc < 0)
		goto out;
	sqlite3_reset(s);
	if (q->no_total)
		out->total = q->offset + out->n;
	err = list_tags(&r, c, out->v, out->n);
out:
	if (sqlite_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

static enum ng_err
sqlite_sections(struct arena *ar, struct store_conn *sc, struct section **out,
    size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SECTIONS)) == NULL)
		return NG_EDB;
	return sqlite_rows(ar, c, s, sizeof(struct section), load_section, out,
	    n);
}

/* Run a one-key lookup: 1 with a row, 0 not found, -1 error in *err. */
static int
lookup(struct sqlite_conn *c, enum stmt id, struct str key, sqlite3_stmt **sp,
    enum ng_err *err)
{
	sqlite3_stmt *s;
	int	      rc;

	if ((s = sqlite_stmt_get(c, id)) == NULL ||
	    !sqlite_bind_text(c, s, 1, key)) {
		*err = NG_EDB;
		return -1;
	}
	if ((rc = sqlite_step(c, s, err)) == 0)
		*err = NG_ENOTFOUND;
	*sp = s;
	return rc;
}

static enum ng_err
sqlite_section_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct section *out)
{
	struct sqlite_rd r = { ar, 0 };
	sqlite3_stmt	*s;
	enum ng_err	 err = NG_OK;

	if (lookup(sqlite_conn_of(sc), STMT_SECTION_BY_SLUG, slug, &s, &err) !=
	    1)
		return err;
	load_section(&r, s, out);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
sqlite_tag_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct tag *out)
{
	struct sqlite_rd r = { ar, 0 };
	sqlite3_stmt	*s;
	enum ng_err	 err = NG_OK;

	if (lookup(sqlite_conn_of(sc), STMT_TAG_BY_SLUG, slug, &s, &err) != 1)
		return err;
	out->id = sqlite_col_i64(s, 0);
	out->slug = sqlite_col_str(&r, s, 1);
	out->name = sqlite_col_str(&r, s, 2);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
sqlite_author_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct author *out)
{
	struct sqlite_rd r = { ar, 0 };
	sqlite3_stmt	*s;
	enum ng_err	 err = NG_OK;

	if (lookup(sqlite_conn_of(sc), STMT_AUTHOR_BY_SLUG, slug, &s, &err) !=
	    1)
		return err;
	out->id = sqlite_col_i64(s, 0);
	out->slug = sqlite_col_str(&r, s, 1);
	out->name = sqlite_col_str(&r, s, 2);
	out->bio = sqlite_col_str(&r, s, 3);
	out->photo_id = sqlite_col_i64(s, 4);
	out->links = sqlite_col_str(&r, s, 5);
	out->organization = sqlite_col_i64(s, 6) != 0;
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
sqlite_setting_get(struct arena *ar, struct store_conn *sc, struct str key,
    struct str *out)
{
	struct sqlite_rd r = { ar, 0 };
	sqlite3_stmt	*s;
	enum ng_err	 err = NG_OK;

	if (lookup(sqlite_conn_of(sc), STMT_SETTING_GET, key, &s, &err) != 1)
		return err;
	*out = sqlite_col_str(&r, s, 0);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
sqlite_setting_set(struct store_conn *sc, struct str key, struct str value)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_SETTING_SET)) == NULL ||
	    !sqlite_bind_text(c, s, 1, key) ||
	    !sqlite_bind_text(c, s, 2, value)) {
		err = NG_EDB;
		goto out;
	}
	err = sqlite_exec_stmt(c, s);
out:
	return sqlite_tx_end(c, err);
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.migrations = store_migrations,
	.media_in_db = 0,
	.nmigrations = &store_nmigrations,
	.open = sqlite_open,
	.prepare = sqlite_prepare,
	.db_inspect = sqlite_db_inspect,
	.db_media = sqlite_db_media,
	.idle = sqlite_idle,
	.pin = sqlite_pin,
	.bulk = sqlite_bulk,
	.close = sqlite_close,
	.migration_init = sqlite_migration_init,
	.migration_apply = sqlite_migration_apply,
	.schema_version = sqlite_schema_version,
	.is_empty = sqlite_is_empty,
	.section_add = sqlite_section_add,
	.author_add = sqlite_author_add,
	.tag_ensure = sqlite_tag_ensure,
	.article_save = sqlite_article_save,
	.article_revisions = sqlite_article_revisions,
	.article_by_slug = sqlite_article_by_slug,
	.article_by_id = sqlite_article_by_id,
	.article_list = sqlite_article_list,
	.sections = sqlite_sections,
	.section_by_slug = sqlite_section_by_slug,
	.tag_by_slug = sqlite_tag_by_slug,
	.author_by_slug = sqlite_author_by_slug,
	.setting_get = sqlite_setting_get,
	.setting_set = sqlite_setting_set,
	/* --- pages, menus, WordPress compatibility --- */
	.page_save = sqlite_page_save,
	.page_get = sqlite_page_get,
	.page_list = sqlite_page_list,
	.page_set_status = sqlite_page_set_status,
	.page_delete = sqlite_page_delete,
	.page_revision_list = sqlite_page_revision_list,
	.page_revision_get = sqlite_page_revision_get,
	.wp_id_set = sqlite_wp_id_set,
	.wp_lookup = sqlite_wp_lookup,
	.wp_rows = sqlite_wp_rows,
	.comment_export = sqlite_comment_export,
	.old_slug_add = sqlite_old_slug_add,
	.old_slug_lookup = sqlite_old_slug_lookup,
	.old_upload_add = sqlite_old_upload_add,
	.old_upload_lookup = sqlite_old_upload_lookup,
	.section_set_parent = sqlite_section_set_parent,
	.section_parent = sqlite_section_parent,
	.menu_add = sqlite_menu_add,
	.menu_rename = sqlite_menu_rename,
	.menu_delete = sqlite_menu_delete,
	.menu_list = sqlite_menu_list,
	.menu_get = sqlite_menu_get,
	.menu_item_add = sqlite_menu_item_add,
	.menu_item_update = sqlite_menu_item_update,
	.menu_item_delete = sqlite_menu_item_delete,
	.menu_item_move = sqlite_menu_item_move,
	.menu_location_set = sqlite_menu_location_set,
	.menu_locations = sqlite_menu_locations,
	/* --- newsroom --- */
	.user_add = sqlite_user_add,
	.user_by_login = sqlite_user_by_login,
	.user_by_id = sqlite_user_by_id,
	.user_list = sqlite_user_list,
	.user_set_password = sqlite_user_set_password,
	.user_set_role = sqlite_user_set_role,
	.user_set_disabled = sqlite_user_set_disabled,
	.user_count = sqlite_user_count,
	.user_set_email = sqlite_user_set_email,
	.user_by_email = sqlite_user_by_email,
	.user_require_new_password = sqlite_user_require_new_password,
	.session_add = sqlite_session_add,
	.session_get = sqlite_session_get,
	.session_touch = sqlite_session_touch,
	.session_delete = sqlite_session_delete,
	.session_purge = sqlite_session_purge,
	.article_admin_list = sqlite_article_admin_list,
	.article_status_counts = sqlite_article_status_counts,
	.revision_list = sqlite_revision_list,
	.revision_get = sqlite_revision_get,
	.revision_set_user = sqlite_revision_set_user,
	.article_publish_due = sqlite_article_publish_due,
	.article_next_due = sqlite_article_next_due,
	.correction_add = sqlite_correction_add,
	.correction_list = sqlite_correction_list,
	.autosave_put = sqlite_autosave_put,
	.autosave_get = sqlite_autosave_get,
	.autosave_delete = sqlite_autosave_delete,
	.authors = sqlite_authors,
	.tags = sqlite_tags,
	.article_authors = sqlite_article_authors,
	.section_update = sqlite_section_update,
	.author_update = sqlite_author_update,
	.tag_update = sqlite_tag_update,
	.section_delete = sqlite_section_delete,
	.tag_delete = sqlite_tag_delete,
	.tag_merge = sqlite_tag_merge,
	/* --- page cache --- */
	.write_begin = sqlite_write_begin,
	.write_end = sqlite_write_end,
	.sync = sqlite_sync,
	.inval_log = sqlite_inval_log,
	.inval_read = sqlite_inval_read,
	.inval_last = sqlite_inval_last,
	.article_state = sqlite_article_state,
	.next_publish_after = sqlite_next_publish_after,
	/* --- search, related articles, sitemaps --- */
	.search = sqlite_search,
	.related = sqlite_related,
	.related_refresh = sqlite_related_refresh,
	.sitemap_count = sqlite_sitemap_count,
	.sitemap_entries = sqlite_sitemap_entries,
	.article_image = sqlite_article_image,
	/* --- comments --- */
	.comment_add = sqlite_comment_add,
	.comment_history = sqlite_comment_history,
	.comment_thread = sqlite_comment_thread,
	.comment_count = sqlite_comment_count,
	.comment_get = sqlite_comment_get,
	.comment_list = sqlite_comment_list,
	.comment_counts = sqlite_comment_counts,
	.comment_set_status = sqlite_comment_set_status,
	.comment_delete = sqlite_comment_delete,
	.comment_edit = sqlite_comment_edit,
	.setting_get_many = sqlite_setting_get_many,
	/* --- shortcodes, sliders, ads --- */
	.slider_add = sqlite_slider_add,
	.slide_add = sqlite_slide_add,
	.slider_get = sqlite_slider_get,
	.slider_list = sqlite_slider_list,
	.slider_delete = sqlite_slider_delete,
	.slide_delete = sqlite_slide_delete,
	.ad_slot_add = sqlite_ad_slot_add,
	.ad_slot_get = sqlite_ad_slot_get,
	.ad_slot_list = sqlite_ad_slot_list,
	.ad_add = sqlite_ad_add,
	.ad_get = sqlite_ad_get,
	.ad_list = sqlite_ad_list,
	.ad_delete = sqlite_ad_delete,
	/* --- newsroom sliders and ads --- */
	.slider_rename = sqlite_slider_rename,
	.slide_update = sqlite_slide_update,
	.ad_slot_delete = sqlite_ad_slot_delete,
	.ad_slot_update = sqlite_ad_slot_update,
	.ad_update = sqlite_ad_update,
	.media_brief = sqlite_media_brief,
	/* --- media --- */
	.media_add = sqlite_media_add,
	.media_update = sqlite_media_update,
	.media_get = sqlite_media_get,
	.media_by_key = sqlite_media_by_key,
	.media_list = sqlite_media_list,
	.media_search = sqlite_media_search,
	.media_usage = sqlite_media_usage,
	.media_delete = sqlite_media_delete,
	.article_featured = sqlite_article_featured,
	.article_set_featured = sqlite_article_set_featured,
	.article_pin = sqlite_article_pin,
	.article_pins = sqlite_article_pins,
	.api_article_ids = sqlite_api_article_ids,
	.term_counts = sqlite_term_counts,
	.media_count = sqlite_media_count,
	.media_pending_set = sqlite_media_pending_set,
	.media_pending = sqlite_media_pending,
	.media_file_put = sqlite_media_file_put,
	.media_file_get = sqlite_media_file_get,
	.media_file_size = sqlite_media_file_size,
	.limit_prune = sqlite_limit_prune,
	.limit_nth = sqlite_limit_nth,
	.limit_add = sqlite_limit_add,
	.article_delete = sqlite_article_delete,
	.app_password_add = sqlite_app_password_add,
	.app_password_list = sqlite_app_password_list,
	.app_password_by_hash = sqlite_app_password_by_hash,
	.app_password_delete = sqlite_app_password_delete,
	.app_password_used = sqlite_app_password_used,
	.webhook_add = sqlite_webhook_add,
	.webhook_delete = sqlite_webhook_delete,
	.webhook_list = sqlite_webhook_list,
	.webhook_enqueue = sqlite_webhook_enqueue,
	.webhook_set_active = sqlite_webhook_set_active,
	.webhook_enqueue_one = sqlite_webhook_enqueue_one,
	.webhook_redeliver = sqlite_webhook_redeliver,
	.webhook_due = sqlite_webhook_due,
	.webhook_done = sqlite_webhook_done,
	.webhook_deliveries = sqlite_webhook_deliveries,
	.mail_enqueue = sqlite_mail_enqueue,
	.mail_due = sqlite_mail_due,
	.mail_done = sqlite_mail_done,
	.mail_list = sqlite_mail_list,
	.reset_add = sqlite_reset_add,
	.reset_find = sqlite_reset_find,
	.reset_use = sqlite_reset_use,
	.mail_optout_get = sqlite_mail_optout_get,
	.mail_optout_set = sqlite_mail_optout_set,
	.totp_get = sqlite_totp_get,
	.totp_begin = sqlite_totp_begin,
	.totp_enable = sqlite_totp_enable,
	.totp_use_step = sqlite_totp_use_step,
	.totp_use_recovery = sqlite_totp_use_recovery,
	.totp_delete = sqlite_totp_delete,
	.challenge_add = sqlite_challenge_add,
	.challenge_get = sqlite_challenge_get,
	.challenge_fail = sqlite_challenge_fail,
	.challenge_delete = sqlite_challenge_delete,
	.preview_add = sqlite_preview_add,
	.preview_find = sqlite_preview_find,
	.preview_list = sqlite_preview_list,
	.preview_revoke = sqlite_preview_revoke,
	.live_set = sqlite_live_set,
	.live_get = sqlite_live_get,
	.live_update_add = sqlite_live_update_add,
	.live_update_pin = sqlite_live_update_pin,
	.live_update_delete = sqlite_live_update_delete,
	.live_updates = sqlite_live_updates,
	.live_now = sqlite_live_now,
	.reads_add = sqlite_reads_add,
	.reads_prune = sqlite_reads_prune,
	.most_read = sqlite_most_read,
	.copy_tables = sqlite_copy_tables,
	.copy_columns = sqlite_copy_columns,
	.copy_long = sqlite_copy_long,
	.copy_read = sqlite_copy_read,
	.copy_clear = sqlite_copy_clear,
	.copy_insert = sqlite_copy_insert,
	.copy_update = sqlite_copy_update,
	.copy_count = sqlite_copy_count,
	.copy_finish = sqlite_copy_finish,
};
