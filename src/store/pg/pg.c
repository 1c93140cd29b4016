/*
 * pg.c -- the PostgreSQL backend of the store (store_int.h), chosen by a
 * postgresql:// (or postgres://) database URL.
 *
 * It mirrors sqlite.c operation for operation; pg_int.h says how
 * statements, transactions and the isolation contract map onto libpq.
 * Each pooled connection keeps every statement of pg_sql.c prepared for
 * its whole life, and a connection the server dropped is reconnected
 * and re-prepared when it comes back to the pool (pg_idle), so nutgraf
 * rides out a PostgreSQL restart without being restarted itself.
 *
 * This directory is the only user of libpq.
 */
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/pg/pg_int.h"

/* Row loaders.  Each returns NG_OK, NG_ENOMEM or NG_EDB. */

static enum ng_err
load_article(struct pg_rd *r, struct pg_stmt *s, struct article *a)
{
	struct str status;

	memset(a, 0, sizeof(*a));
	a->id = pg_col_i64(s, ACOL_ID);
	a->slug = pg_col_str(r, s, ACOL_SLUG);
	a->kicker = pg_col_str(r, s, ACOL_KICKER);
	a->title = pg_col_str(r, s, ACOL_TITLE);
	a->dek = pg_col_str(r, s, ACOL_DEK);
	a->source_name = pg_col_str(r, s, ACOL_SOURCE_NAME);
	a->source_url = pg_col_str(r, s, ACOL_SOURCE_URL);
	a->body_md = pg_col_str(r, s, ACOL_BODY_MD);
	/* Rendered by markdown_render() or the sanitizer when saved. */
	a->body_html = safe_html_trust(pg_col_str(r, s, ACOL_BODY_HTML));
	a->body_text = pg_col_str(r, s, ACOL_BODY_TEXT);
	a->comments_open = pg_col_i64(s, ACOL_COMMENTS_OPEN) != 0;
	a->created_at = pg_col_i64(s, ACOL_CREATED_AT);
	a->published_at = pg_col_i64(s, ACOL_PUBLISHED_AT);
	a->updated_at = pg_col_i64(s, ACOL_UPDATED_AT);
	a->seo_title = pg_col_str(r, s, ACOL_SEO_TITLE);
	a->seo_description = pg_col_str(r, s, ACOL_SEO_DESCRIPTION);
	a->legacy_url = pg_col_str(r, s, ACOL_LEGACY_URL);
	a->author_id = pg_col_i64(s, ACOL_AUTHOR_ID);
	a->section_id = pg_col_i64(s, ACOL_SECTION_ID);
	a->related_id = pg_col_i64(s, ACOL_RELATED_ID);
	a->version = pg_col_i64(s, ACOL_VERSION);
	a->canonical_url = pg_col_str(r, s, ACOL_CANONICAL_URL);

	a->author.id = pg_col_i64(s, ACOL_AU_ID);
	a->author.slug = pg_col_str(r, s, ACOL_AU_SLUG);
	a->author.name = pg_col_str(r, s, ACOL_AU_NAME);
	a->author.bio = pg_col_str(r, s, ACOL_AU_BIO);
	a->section.id = pg_col_i64(s, ACOL_SE_ID);
	a->section.slug = pg_col_str(r, s, ACOL_SE_SLUG);
	a->section.name = pg_col_str(r, s, ACOL_SE_NAME);
	a->section.description = pg_col_str(r, s, ACOL_SE_DESCRIPTION);
	a->section.position = (int)pg_col_i64(s, ACOL_SE_POSITION);
	a->related.id = pg_col_i64(s, ACOL_RE_ID);
	a->related.slug = pg_col_str(r, s, ACOL_RE_SLUG);
	a->related.title = pg_col_str(r, s, ACOL_RE_TITLE);
	a->related.published_at = pg_col_i64(s, ACOL_RE_PUBLISHED_AT);
	a->format = pg_col_i64(s, ACOL_BODY_FORMAT) == BODY_HTML ?
	    BODY_HTML :
	    BODY_MARKDOWN;
	a->tags = NULL;
	a->ntags = 0;

	if (r->oom)
		return NG_ENOMEM;
	status = (struct str){ (const char *)pg_col_text(s, ACOL_STATUS),
		(size_t)pg_col_bytes(s, ACOL_STATUS) };
	if (status.p == NULL || !store_status_parse(status, &a->status)) {
		log_err("store: article %lld has an unknown status",
		    (long long)a->id);
		return NG_EDB;
	}
	return NG_OK;
}

/* A pg_row_fn: row is a struct section. */
static void
load_section(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct section *se = row;
	se->id = pg_col_i64(s, 0);
	se->slug = pg_col_str(r, s, 1);
	se->name = pg_col_str(r, s, 2);
	se->description = pg_col_str(r, s, 3);
	se->position = (int)pg_col_i64(s, 4);
}

/* The tags of article a, in their editor-given order. */
static enum ng_err
load_tags(struct pg_rd *r, struct pg_conn *c, struct article *a)
{
	struct pg_stmt *s;
	struct tag     *v = NULL;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, n = 0;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_TAGS)) == NULL)
		return NG_EDB;
	if (!pg_bind_i64(c, s, 1, a->id))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(r->ar, v, &cap, n, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		v[n].id = pg_col_i64(s, 0);
		v[n].slug = pg_col_str(r, s, 1);
		v[n].name = pg_col_str(r, s, 2);
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

/* Notices (CREATE ... IF NOT EXISTS, NOTIFY queueing) are not errors. */
static void
notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	log_debug("store: postgresql: %s", msg);
}

/*
 * Per-session settings, sent at connect and after every reconnect:
 * UTC, a statement timeout so that a stuck query answers an error
 * (the reader gets a 5xx) instead of holding a server thread for ever,
 * and commits flushed before COMMIT returns (pg_sync()) even on a
 * server whose default is asynchronous.
 *
 * Generic plans: each statement of pg_sql.c is planned once per
 * connection, not at every run.  Left to choose ("auto"), PostgreSQL
 * kept re-planning the article and list statements (their joins cost
 * more to plan than to run) and an uncached front page spent most of
 * its database time planning.  Every statement is written for its
 * indexes, parameters and all, so the generic plan is the one wanted.
 */
static const char
    session_sql[] = "SET TIME ZONE 'UTC'; SET statement_timeout = '30s'; "
		    "SET lock_timeout = '10s'; SET synchronous_commit = on; "
		    "SET idle_in_transaction_session_timeout = '60s'; "
		    "SET plan_cache_mode = force_generic_plan";

static enum ng_err
connect_db(struct pg_conn *c, char *errbuf, size_t errsz)
{
	const char *msg;

	if (c->db != NULL)
		PQfinish(c->db);
	c->prepared = 0;
	c->listening = 0;
	pg_settings_forget(c);
	c->db = PQconnectdb(c->url);
	if (c->db == NULL || PQstatus(c->db) != CONNECTION_OK) {
		msg = c->db != NULL ? PQerrorMessage(c->db) : "out of memory";
		snprintf(errbuf, errsz, "cannot connect to PostgreSQL: %.*s",
		    (int)strcspn(msg, "\n"), msg);
		return NG_EDB;
	}
	PQsetNoticeProcessor(c->db, notice_quiet, NULL);
	if (pg_exec_sql(c, session_sql) != NG_OK) {
		snprintf(errbuf, errsz,
		    "cannot configure the PostgreSQL "
		    "session: %s",
		    PQerrorMessage(c->db));
		return NG_EDB;
	}
	return NG_OK;
}

static void pg_close(struct store_conn *, int);
static void pg_idle(struct store_conn *);

static enum ng_err
pg_open(const char *url, struct store_conn **out, char *errbuf, size_t errsz)
{
	struct pg_conn *c;
	enum ng_err	err;

	*out = NULL;
	c = xcalloc(1, sizeof(*c));
	c->url = xstrdup(url);
	if ((err = connect_db(c, errbuf, errsz)) != NG_OK) {
		pg_close(&c->base, 0);
		return err;
	}
	*out = &c->base;
	return NG_OK;
}

static enum ng_err
pg_prepare(struct store_conn *sc, char *errbuf, size_t errsz)
{
	struct pg_conn *c = pg_conn_of(sc);

	static _Atomic int checked;

	c->pooled = 1;
	/* Every statement is checked once per process, on the first. */
	return pg_prepare_all(c, atomic_exchange(&checked, 1) == 0, errbuf,
	    errsz);
}

/*
 * A connection PostgreSQL dropped (a restart, a failover, a killed
 * backend) is reconnected here, at check-in, so the next caller gets a
 * working one; when the server is still away the attempt fails fast
 * and the next check-in tries again.  The failed call itself already
 * answered NG_EDB: nothing it did was acknowledged.
 */
static void
reconnect(struct pg_conn *c)
{
	char errbuf[256];

	if (connect_db(c, errbuf, sizeof(errbuf)) != NG_OK ||
	    (c->pooled &&
		pg_prepare_all(c, 0, errbuf, sizeof(errbuf)) != NG_OK)) {
		log_warn("store: %s", errbuf);
		return;
	}
	log_info("store: reconnected to PostgreSQL");
}

static void
pg_idle(struct store_conn *sc)
{
	struct pg_conn *c = pg_conn_of(sc);
	size_t		i;

	for (i = 0; i < STMT__MAX; i++) {
		if (!c->used[i])
			continue;
		pg_stmt_clear(&c->stmt[i]);
		c->used[i] = 0;
	}
	c->nested = 0;
	if (c->bulk && PQstatus(c->db) == CONNECTION_OK)
		return; /* the bulk transaction stays open */
	c->in_write = 0;
	if (PQstatus(c->db) != CONNECTION_OK) {
		c->session_tx = 0;
		pg_copy_forget(c); /* a new session has no statement */
		if (c->pooled)
			reconnect(c);
		return;
	}
	if (c->pinned && c->session_tx)
		return; /* the read session's, kept for its next call */
	if (!pg_autocommit(c)) {
		if (PQtransactionStatus(c->db) != PQTRANS_INERROR)
			log_warn("store: rolling back a transaction left open");
		if (pg_exec_id(c, STMT_ROLLBACK) != NG_OK)
			log_err("store: cannot roll back");
		pg_stmt_clear(&c->stmt[STMT_ROLLBACK]);
		c->used[STMT_ROLLBACK] = 0;
	}
}

static void
pg_pin(struct store_conn *sc, int on)
{
	struct pg_conn *c = pg_conn_of(sc);

	pg_settings_forget(c); /* of the last session's snapshot */
	if (on) {
		c->pinned = 1;
		c->session_tx = c->prepared &&
		    pg_exec_id(c, STMT_BEGIN_READ) == NG_OK;
		return;
	}
	if (c->session_tx && !pg_autocommit(c) &&
	    pg_exec_id(c, STMT_COMMIT) != NG_OK)
		log_warn("store: cannot end a read session");
	c->pinned = 0;
	c->session_tx = 0;
	pg_idle(sc);
}

/*
 * Bulk writes (store_bulk_begin(), the importer): one write transaction,
 * holding PG_WRITE_LOCK, that every call to come joins.
 */
static enum ng_err
pg_bulk(struct store_conn *sc, int on, enum ng_err result)
{
	struct pg_conn *c = pg_conn_of(sc);
	enum ng_err	err;

	if (on) {
		if ((err = pg_tx_begin(c, 1)) != NG_OK)
			return err;
		if ((err = pg_exec_id(c, STMT_SEARCH_DEFER)) != NG_OK) {
			(void)pg_tx_end(c, err);
			pg_idle(sc);
			return err;
		}
		c->bulk = 1;
		c->search_dirty = 0;
		return NG_OK;
	}
	/* The articles it saved go into the search index before it ends. */
	if (result == NG_OK && !pg_autocommit(c))
		result = pg_search_flush(c, 1);
	c->bulk = 0;
	c->search_dirty = 0;
	c->nested = 0;
	if (pg_autocommit(c))
		return result == NG_OK ? NG_EDB : result;
	err = pg_tx_end(c, result);
	pg_idle(sc);
	return err;
}

static void
pg_close(struct store_conn *sc, int last)
{
	struct pg_conn *c = pg_conn_of(sc);
	size_t		i;

	(void)last;
	if (c == NULL)
		return;
	for (i = 0; i < STMT__MAX; i++)
		pg_stmt_clear(&c->stmt[i]);
	pg_settings_forget(c);
	if (c->db != NULL)
		PQfinish(c->db);
	free(c->url);
	free(c);
}

/*
 * Migrations.  Several instances may start at once against one
 * database: each step runs in a transaction holding PG_MIGRATE_LOCK, so
 * one instance applies a migration while the others wait for the lock
 * and then find it recorded.  DDL is transactional in PostgreSQL, so a
 * failed migration leaves nothing behind.
 */

static enum ng_err
locked_begin(struct pg_conn *c)
{
	enum ng_err err;

	if ((err = pg_exec_sql(c, "BEGIN")) != NG_OK)
		return err;
	return pg_exec_sql(c,
	    "SELECT pg_advisory_xact_lock(7959390426176759298)");
}

static enum ng_err
locked_end(struct pg_conn *c, enum ng_err err)
{
	if (pg_autocommit(c))
		return err;
	if (err == NG_OK && PQtransactionStatus(c->db) != PQTRANS_INERROR)
		return pg_exec_sql(c, "COMMIT");
	(void)pg_exec_sql(c, "ROLLBACK");
	return err == NG_OK ? NG_EDB : err;
}

static enum ng_err
pg_migration_init(struct store_conn *sc, char *errbuf, size_t errsz)
{
	struct pg_conn *c = pg_conn_of(sc);
	enum ng_err	err;

	if ((err = locked_begin(c)) == NG_OK)
		err = pg_exec_sql(c,
		    "CREATE TABLE IF NOT EXISTS "
		    "schema_migrations (version bigint PRIMARY KEY, "
		    "name text NOT NULL, applied_at bigint NOT NULL)");
	if ((err = locked_end(c, err)) != NG_OK)
		snprintf(errbuf, errsz, "cannot create schema_migrations: %s",
		    PQerrorMessage(c->db));
	return err;
}

/* Whether version v is recorded: 1 yes, 0 no, -1 error. */
static int
applied_version(struct pg_conn *c, int v)
{
	const char *vals[1];
	char	    buf[16];
	PGresult   *res;
	int	    r;

	snprintf(buf, sizeof(buf), "%d", v);
	vals[0] = buf;
	res = PQexecParams(c->db,
	    "SELECT 1 FROM schema_migrations "
	    "WHERE version = $1::bigint",
	    1, NULL, vals, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK)
		r = -1;
	else
		r = PQntuples(res) > 0;
	PQclear(res);
	return r;
}

static enum ng_err
pg_migration_apply(struct store_conn *sc, const struct store_migration *m,
    int64_t now, int *applied, char *errbuf, size_t errsz)
{
	struct pg_conn *c = pg_conn_of(sc);
	const char     *vals[3];
	char		vbuf[16], tbuf[24];
	PGresult       *res;
	enum ng_err	err;
	int		r;

	*applied = 0;
	if ((err = locked_begin(c)) != NG_OK)
		goto out;
	/* Checked under the lock: another instance may have won. */
	if ((r = applied_version(c, m->version)) != 0) {
		err = r < 0 ? NG_EDB : NG_OK;
		goto out;
	}
	res = PQexec(c->db, m->sql);
	if (res == NULL ||
	    (PQresultStatus(res) != PGRES_COMMAND_OK &&
		PQresultStatus(res) != PGRES_TUPLES_OK)) {
		log_err("store: migration %s: %s", m->file,
		    PQerrorMessage(c->db));
		snprintf(errbuf, errsz, "migration %s failed: %s", m->file,
		    PQerrorMessage(c->db));
		PQclear(res);
		err = NG_EDB;
		goto out;
	}
	PQclear(res);
	snprintf(vbuf, sizeof(vbuf), "%d", m->version);
	snprintf(tbuf, sizeof(tbuf), "%lld", (long long)now);
	vals[0] = vbuf;
	vals[1] = m->name;
	vals[2] = tbuf;
	res = PQexecParams(c->db,
	    "INSERT INTO schema_migrations (version, "
	    "name, applied_at) VALUES ($1::bigint, $2, $3::bigint)",
	    3, NULL, vals, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		err = pg_db_err(c, res, "schema_migrations");
	PQclear(res);
	if (err == NG_OK)
		*applied = 1;
out:
	err = locked_end(c, err);
	if (err != NG_OK) {
		*applied = 0;
		if (errsz > 0 && errbuf[0] == '\0')
			snprintf(errbuf, errsz, "migration %s failed: %s",
			    m->file, PQerrorMessage(c->db));
	}
	return err;
}

/* schema_version runs before prepare: a plain query. */
static enum ng_err
pg_schema_version(struct store_conn *sc, int *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	long long	v;

	*out = 0;
	res = PQexec(c->db,
	    "SELECT coalesce(max(version), 0) "
	    "FROM schema_migrations");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1) {
		enum ng_err err = pg_db_err(c, res, "schema_version");
		PQclear(res);
		return err;
	}
	v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	*out = v > 0 && v <= INT_MAX ? (int)v : 0;
	return NG_OK;
}

/* A single-integer query with no parameters. */
static enum ng_err
query_int(struct pg_conn *c, enum stmt id, int64_t *out)
{
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		r;

	*out = 0;
	if ((s = pg_stmt_get(c, id)) == NULL)
		return NG_EDB;
	if ((r = pg_step(c, s, &err)) < 0)
		return err;
	if (r == 0) {
		log_err("store: no row from \"%.60s\"", pg_sql[id]);
		return NG_EDB;
	}
	*out = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

static enum ng_err
pg_is_empty(struct store_conn *sc, int *empty)
{
	enum ng_err err;
	int64_t	    v;

	err = query_int(pg_conn_of(sc), STMT_IS_EMPTY, &v);
	*empty = err == NG_OK && v != 0;
	return err;
}

/*
 * Writes.
 */

static enum ng_err
pg_section_add(struct store_conn *sc, const struct section *se, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_SECTION_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, se->slug) ||
	    !pg_bind_text(c, s, 2, se->name) ||
	    !pg_bind_opt(c, s, 3, se->description) ||
	    !pg_bind_i64(c, s, 4, se->position)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

static enum ng_err
pg_author_add(struct store_conn *sc, const struct author *au, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_AUTHOR_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, au->slug) ||
	    !pg_bind_text(c, s, 2, au->name) ||
	    !pg_bind_opt(c, s, 3, au->bio) || !pg_bind_i64(c, s, 4, now) ||
	    !pg_bind_i64(c, s, 5, au->photo_id) ||
	    !pg_bind_text(c, s, 6, au->links) ||
	    !pg_bind_i64(c, s, 7, au->organization ? 1 : 0)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

static enum ng_err
pg_tag_ensure(struct store_conn *sc, struct str name, struct str slug,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int		r;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_TAG_INSERT)) == NULL ||
	    !pg_bind_text(c, s, 1, slug) || !pg_bind_text(c, s, 2, name)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_TAG_ID)) == NULL ||
	    !pg_bind_text(c, s, 1, slug)) {
		err = NG_EDB;
		goto out;
	}
	if ((r = pg_step(c, s, &err)) < 0)
		goto out;
	if (r == 0) {
		log_err("store: tag %.*s vanished", (int)slug.n, slug.p);
		err = NG_EDB;
		goto out;
	}
	*id = pg_col_i64(s, 0);
	pg_reset(s);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

/* Bind the columns INSERT and UPDATE share (enum apar). */
static int
bind_article(struct pg_conn *c, struct pg_stmt *s, const struct article *a)
{
	return pg_bind_text(c, s, APAR_SLUG, a->slug) &&
	    pg_bind_opt(c, s, APAR_KICKER, a->kicker) &&
	    pg_bind_text(c, s, APAR_TITLE, a->title) &&
	    pg_bind_opt(c, s, APAR_DEK, a->dek) &&
	    pg_bind_opt(c, s, APAR_SOURCE_NAME, a->source_name) &&
	    pg_bind_opt(c, s, APAR_SOURCE_URL, a->source_url) &&
	    pg_bind_text(c, s, APAR_BODY_MD, a->body_md) &&
	    pg_bind_text(c, s, APAR_BODY_HTML, a->body_html.s) &&
	    pg_bind_text(c, s, APAR_BODY_TEXT, a->body_text) &&
	    pg_bind_text(c, s, APAR_STATUS,
		str_c(store_status_name(a->status))) &&
	    pg_bind_i64(c, s, APAR_COMMENTS_OPEN, a->comments_open) &&
	    pg_bind_i64(c, s, APAR_CREATED_AT, a->created_at) &&
	    pg_bind_ref(c, s, APAR_PUBLISHED_AT, a->published_at) &&
	    pg_bind_i64(c, s, APAR_UPDATED_AT, a->updated_at) &&
	    pg_bind_opt(c, s, APAR_SEO_TITLE, a->seo_title) &&
	    pg_bind_opt(c, s, APAR_SEO_DESCRIPTION, a->seo_description) &&
	    pg_bind_opt(c, s, APAR_LEGACY_URL, a->legacy_url) &&
	    pg_bind_ref(c, s, APAR_AUTHOR_ID, a->author_id) &&
	    pg_bind_ref(c, s, APAR_SECTION_ID, a->section_id) &&
	    pg_bind_ref(c, s, APAR_RELATED_ID, a->related_id) &&
	    pg_bind_opt(c, s, APAR_CANONICAL_URL, a->canonical_url) &&
	    pg_bind_i64(c, s, APAR_BODY_FORMAT, a->format);
}

/*
 * An UPDATE that changed nothing: either the row is gone or its version
 * moved on since the caller read it.
 */
static enum ng_err
update_missed(struct pg_conn *c, int64_t id)
{
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		r;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_VERSION)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((r = pg_step(c, s, &err)) < 0)
		return err;
	pg_reset(s);
	return r == 1 ? NG_ECONFLICT : NG_ENOTFOUND;
}

static enum ng_err
pg_article_save(struct store_conn *sc, const struct article *a,
    const int64_t *tag_ids, size_t ntags, int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		aid = a->id;
	size_t		i;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;

	if (aid == 0) {
		if ((s = pg_stmt_get(c, STMT_ARTICLE_INSERT)) == NULL ||
		    !bind_article(c, s, a)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
		aid = pg_last_id(c);
	} else {
		if ((s = pg_stmt_get(c, STMT_ARTICLE_UPDATE)) == NULL ||
		    !bind_article(c, s, a) ||
		    !pg_bind_i64(c, s, APAR_ID, aid) ||
		    !pg_bind_i64(c, s, APAR_VERSION, a->version)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
		if (pg_changes(c) == 0) {
			err = update_missed(c, aid);
			goto out;
		}
	}

	if ((s = pg_stmt_get(c, STMT_ARTICLE_TAGS_CLEAR)) == NULL ||
	    !pg_bind_i64(c, s, 1, aid)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_TAG_ADD)) == NULL) {
		err = NG_EDB;
		goto out;
	}
	for (i = 0; i < ntags; i++) {
		if (!pg_bind_i64(c, s, 1, aid) ||
		    !pg_bind_i64(c, s, 2, tag_ids[i]) ||
		    !pg_bind_i64(c, s, 3, (int64_t)i)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
	}

	/* The bylines, before the revision that keeps them. */
	if ((s = pg_stmt_get(c, STMT_ARTICLE_AUTHORS_CLEAR)) == NULL ||
	    !pg_bind_i64(c, s, 1, aid)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_AUTHOR_ADD)) == NULL) {
		err = NG_EDB;
		goto out;
	}
	for (i = 0; i < a->nauthor_ids; i++) {
		if (!pg_bind_i64(c, s, 1, aid) ||
		    !pg_bind_i64(c, s, 2, a->author_ids[i]) ||
		    !pg_bind_i64(c, s, 3, (int64_t)i)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
	}

	if ((s = pg_stmt_get(c, STMT_REVISION_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, aid) || !pg_bind_i64(c, s, 2, now)) {
		err = NG_EDB;
		goto out;
	}
	err = pg_exec_stmt(c, s);
	/*
	 * Related articles, in the same transaction; inside a bulk write
	 * (an import) once at its end instead (see sqlite_article_save()).
	 */
	if (err == NG_OK && !c->bulk)
		err = pg_related_compute(c, aid, now);
	else if (err == NG_OK)
		c->search_dirty = 1;
out:
	err = pg_tx_end(c, err);
	*id = err == NG_OK ? aid : 0;
	return err;
}

static enum ng_err
pg_article_revisions(struct store_conn *sc, int64_t id, size_t *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		r;

	*out = 0;
	if ((s = pg_stmt_get(c, STMT_REVISION_COUNT)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((r = pg_step(c, s, &err)) < 0)
		return err;
	if (r == 1) {
		*out = (size_t)pg_col_i64(s, 0);
		pg_reset(s);
	}
	return NG_OK;
}

/*
 * Lookups.
 */

/* Run an article statement already bound, then fetch the tags. */
static enum ng_err
article_one(struct arena *ar, struct pg_conn *c, struct pg_stmt *s,
    struct article *out)
{
	struct pg_rd r = { ar, 0 };
	enum ng_err  err = NG_OK;
	int	     rc;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((rc = pg_step(c, s, &err)) < 0)
		goto out;
	if (rc == 0) {
		err = NG_ENOTFOUND;
		goto out;
	}
	err = load_article(&r, s, out);
	pg_reset(s);
	if (err != NG_OK)
		goto out;
	err = load_tags(&r, c, out);
out:
	/* A read transaction: commit and rollback are the same. */
	if (pg_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

static enum ng_err
pg_article_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    int64_t now, struct article *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_BY_SLUG)) == NULL ||
	    !pg_bind_i64(c, s, 1, now) || !pg_bind_text(c, s, 2, slug))
		return NG_EDB;
	return article_one(ar, c, s, out);
}

static enum ng_err
pg_article_by_id(struct arena *ar, struct store_conn *sc, int64_t id,
    int64_t now, struct article *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_BY_ID)) == NULL ||
	    !pg_bind_i64(c, s, 1, now) || !pg_bind_i64(c, s, 2, id))
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
bind_query(struct pg_conn *c, struct pg_stmt *s, const struct article_query *q,
    int64_t now)
{
	return pg_bind_i64_if(c, s, LPAR_NOW, now) &&
	    pg_bind_i64_if(c, s, LPAR_LIMIT, (int64_t)q->limit) &&
	    pg_bind_i64_if(c, s, LPAR_OFFSET, (int64_t)q->offset) &&
	    pg_bind_i64_if(c, s, LPAR_SECTION, q->section_id) &&
	    pg_bind_i64_if(c, s, LPAR_AUTHOR, q->author_id) &&
	    pg_bind_i64_if(c, s, LPAR_TAG, q->tag_id) &&
	    pg_bind_i64_if(c, s, LPAR_FROM, q->from) &&
	    pg_bind_i64_if(c, s, LPAR_TO, q->to);
}

/*
 * Statement st with $1 bound to the ids v[0..n) (n <= STORE_LIST_MAX) as
 * an array literal; NULL on failure.
 */
static struct pg_stmt *
stmt_with_ids(struct pg_conn *c, enum stmt st, const int64_t *v, size_t n)
{
	/* "{" + up to 20 digits and a comma per id + "}" */
	char		ids[2 + STORE_LIST_MAX * 21];
	struct pg_stmt *s;
	size_t		i, len = 0;
	int		w;

	ids[len++] = '{';
	for (i = 0; i < n && i < STORE_LIST_MAX; i++) {
		w = snprintf(ids + len, sizeof(ids) - len, "%s%lld",
		    i > 0 ? "," : "", (long long)v[i]);
		if (w < 0 || (size_t)w >= sizeof(ids) - len)
			return NULL;
		len += (size_t)w;
	}
	if (len + 1 >= sizeof(ids))
		return NULL;
	ids[len++] = '}';
	if ((s = pg_stmt_get(c, st)) == NULL ||
	    !pg_bind_text(c, s, 1, (struct str){ ids, len }))
		return NULL;
	return s;
}

/*
 * The tags of every article in v[0..n) with one query: the ids go in as
 * an array literal ({1,2,3}), and since the rows come grouped by
 * article, each article's tags are a run of one arena vector.
 */
static enum ng_err
list_tags(struct pg_rd *r, struct pg_conn *c, struct article *v, size_t n)
{
	int64_t		idv[STORE_LIST_MAX];
	struct pg_stmt *s;
	struct tag     *tags = NULL;
	int64_t	       *owner = NULL;
	enum ng_err	err = NG_OK;
	size_t		i, j, k, cap = 0, ocap = 0, nt = 0;
	int		rc;

	if (n == 0)
		return NG_OK;
	for (i = 0; i < n && i < STORE_LIST_MAX; i++)
		idv[i] = v[i].id;
	if ((s = stmt_with_ids(c, STMT_LIST_TAGS, idv, i)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((tags = pg_vec_grow(r->ar, tags, &cap, nt,
			 sizeof(*tags))) == NULL ||
		    (owner = pg_vec_grow(r->ar, owner, &ocap, nt,
			 sizeof(*owner))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		owner[nt] = pg_col_i64(s, 0);
		tags[nt].id = pg_col_i64(s, 1);
		tags[nt].slug = pg_col_str(r, s, 2);
		tags[nt].name = pg_col_str(r, s, 3);
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
pg_article_authors(struct arena *ar, struct store_conn *sc, const int64_t *v,
    size_t n, int64_t **owner_out, struct author **au_out, size_t *nrows)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	struct author  *au = NULL;
	int64_t	       *owner = NULL;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, ocap = 0, nt = 0;
	int		rc;

	*owner_out = NULL;
	*au_out = NULL;
	*nrows = 0;
	if (n == 0)
		return NG_OK;
	if ((s = stmt_with_ids(c, STMT_LIST_AUTHORS, v, n)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((au = pg_vec_grow(r.ar, au, &cap, nt, sizeof(*au))) ==
			NULL ||
		    (owner = pg_vec_grow(r.ar, owner, &ocap, nt,
			 sizeof(*owner))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		memset(&au[nt], 0, sizeof(au[nt]));
		owner[nt] = pg_col_i64(s, 0);
		au[nt].id = pg_col_i64(s, 1);
		au[nt].slug = pg_col_str(&r, s, 2);
		au[nt].name = pg_col_str(&r, s, 3);
		au[nt].bio = pg_col_str(&r, s, 4);
		au[nt].photo_id = pg_col_i64(s, 5);
		au[nt].links = pg_col_str(&r, s, 6);
		au[nt].organization = pg_col_i64(s, 7) != 0;
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
pg_article_list(struct arena *ar, struct store_conn *sc,
    const struct article_query *q, int64_t now, struct article_list *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum stmt	ls, cs;
	enum ng_err	err = NG_OK;
	int64_t		total;
	size_t		want;
	int		rc = 0;

	list_stmts(q, &ls, &cs);
	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;

	if (q->no_total)
		want = q->limit;
	else {
		if ((s = pg_stmt_get(c, cs)) == NULL ||
		    !bind_query(c, s, q, now)) {
			err = NG_EDB;
			goto out;
		}
		if ((rc = pg_step(c, s, &err)) < 0)
			goto out;
		total = rc == 1 ? pg_col_i64(s, 0) : 0;
		pg_reset(s);
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
	if ((s = pg_stmt_get(c, ls)) == NULL || !bind_query(c, s, q, now)) {
		err = NG_EDB;
		goto out;
	}
	/* The count and the rows come from one snapshot, so they agree. */
	while (out->n < want && (rc = pg_step(c, s, &err)) == 1) {
		if ((err = load_article(&r, s, &out->v[out->n])) != NG_OK) {
			pg_reset(s);
			goto out;
		}
		out->n++;
	}
	if (rc < 0)
		goto out;
	pg_reset(s);
	if (q->no_total)
		out->total = q->offset + out->n;
	err = list_tags(&r, c, out->v, out->n);
out:
	if (pg_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

static enum ng_err
pg_sections(struct arena *ar, struct store_conn *sc, struct section **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SECTIONS)) == NULL)
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct section), load_section, out, n);
}

/* Run a one-key lookup: 1 with a row, 0 not found, -1 error in *err. */
static int
lookup(struct pg_conn *c, enum stmt id, struct str key, struct pg_stmt **sp,
    enum ng_err *err)
{
	struct pg_stmt *s;
	int		rc;

	if ((s = pg_stmt_get(c, id)) == NULL || !pg_bind_text(c, s, 1, key)) {
		*err = NG_EDB;
		return -1;
	}
	if ((rc = pg_step(c, s, err)) == 0)
		*err = NG_ENOTFOUND;
	*sp = s;
	return rc;
}

static enum ng_err
pg_section_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct section *out)
{
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	if (lookup(pg_conn_of(sc), STMT_SECTION_BY_SLUG, slug, &s, &err) != 1)
		return err;
	load_section(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
pg_tag_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct tag *out)
{
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	if (lookup(pg_conn_of(sc), STMT_TAG_BY_SLUG, slug, &s, &err) != 1)
		return err;
	out->id = pg_col_i64(s, 0);
	out->slug = pg_col_str(&r, s, 1);
	out->name = pg_col_str(&r, s, 2);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
pg_author_by_slug(struct arena *ar, struct store_conn *sc, struct str slug,
    struct author *out)
{
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	if (lookup(pg_conn_of(sc), STMT_AUTHOR_BY_SLUG, slug, &s, &err) != 1)
		return err;
	out->id = pg_col_i64(s, 0);
	out->slug = pg_col_str(&r, s, 1);
	out->name = pg_col_str(&r, s, 2);
	out->bio = pg_col_str(&r, s, 3);
	out->photo_id = pg_col_i64(s, 4);
	out->links = pg_col_str(&r, s, 5);
	out->organization = pg_col_i64(s, 6) != 0;
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
pg_setting_get(struct arena *ar, struct store_conn *sc, struct str key,
    struct str *out)
{
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	switch (pg_setting_cached(pg_conn_of(sc), &r, key, out, &err)) {
	case 1:
		return r.oom ? NG_ENOMEM : NG_OK;
	case 0:
		return NG_ENOTFOUND;
	case -1:
		return err;
	}
	if (lookup(pg_conn_of(sc), STMT_SETTING_GET, key, &s, &err) != 1)
		return err;
	*out = pg_col_str(&r, s, 0);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

static enum ng_err
pg_setting_set(struct store_conn *sc, struct str key, struct str value)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_SETTING_SET)) == NULL ||
	    !pg_bind_text(c, s, 1, key) || !pg_bind_text(c, s, 2, value)) {
		err = NG_EDB;
		goto out;
	}
	err = pg_exec_stmt(c, s);
out:
	return pg_tx_end(c, err);
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.migrations = store_pg_migrations,
	.media_in_db = 1,
	.nmigrations = &store_pg_nmigrations,
	.open = pg_open,
	.prepare = pg_prepare,
	.db_inspect = pg_db_inspect,
	.db_media = pg_db_media,
	.idle = pg_idle,
	.pin = pg_pin,
	.bulk = pg_bulk,
	.close = pg_close,
	.migration_init = pg_migration_init,
	.migration_apply = pg_migration_apply,
	.schema_version = pg_schema_version,
	.is_empty = pg_is_empty,
	.section_add = pg_section_add,
	.author_add = pg_author_add,
	.tag_ensure = pg_tag_ensure,
	.article_save = pg_article_save,
	.article_revisions = pg_article_revisions,
	.article_by_slug = pg_article_by_slug,
	.article_by_id = pg_article_by_id,
	.article_list = pg_article_list,
	.sections = pg_sections,
	.section_by_slug = pg_section_by_slug,
	.tag_by_slug = pg_tag_by_slug,
	.author_by_slug = pg_author_by_slug,
	.setting_get = pg_setting_get,
	.setting_set = pg_setting_set,
	/* --- pages, menus, WordPress compatibility --- */
	.page_save = pg_page_save,
	.page_get = pg_page_get,
	.page_list = pg_page_list,
	.page_set_status = pg_page_set_status,
	.page_delete = pg_page_delete,
	.page_revision_list = pg_page_revision_list,
	.page_revision_get = pg_page_revision_get,
	.wp_id_set = pg_wp_id_set,
	.wp_lookup = pg_wp_lookup,
	.wp_rows = pg_wp_rows,
	.comment_export = pg_comment_export,
	.old_slug_add = pg_old_slug_add,
	.old_slug_lookup = pg_old_slug_lookup,
	.old_upload_add = pg_old_upload_add,
	.old_upload_lookup = pg_old_upload_lookup,
	.section_set_parent = pg_section_set_parent,
	.section_parent = pg_section_parent,
	.menu_add = pg_menu_add,
	.menu_rename = pg_menu_rename,
	.menu_delete = pg_menu_delete,
	.menu_list = pg_menu_list,
	.menu_get = pg_menu_get,
	.menu_item_add = pg_menu_item_add,
	.menu_item_update = pg_menu_item_update,
	.menu_item_delete = pg_menu_item_delete,
	.menu_item_move = pg_menu_item_move,
	.menu_location_set = pg_menu_location_set,
	.menu_locations = pg_menu_locations,
	/* --- newsroom --- */
	.user_add = pg_user_add,
	.user_by_login = pg_user_by_login,
	.user_by_id = pg_user_by_id,
	.user_list = pg_user_list,
	.user_set_password = pg_user_set_password,
	.user_set_role = pg_user_set_role,
	.user_set_disabled = pg_user_set_disabled,
	.user_count = pg_user_count,
	.user_set_email = pg_user_set_email,
	.user_by_email = pg_user_by_email,
	.user_require_new_password = pg_user_require_new_password,
	.session_add = pg_session_add,
	.session_get = pg_session_get,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.session_purge = pg_session_purge,
	.article_admin_list = pg_article_admin_list,
	.article_status_counts = pg_article_status_counts,
	.revision_list = pg_revision_list,
	.revision_get = pg_revision_get,
	.revision_set_user = pg_revision_set_user,
	.article_publish_due = pg_article_publish_due,
	.article_next_due = pg_article_next_due,
	.correction_add = pg_correction_add,
	.correction_list = pg_correction_list,
	.autosave_put = pg_autosave_put,
	.autosave_get = pg_autosave_get,
	.autosave_delete = pg_autosave_delete,
	.authors = pg_authors,
	.tags = pg_tags,
	.article_authors = pg_article_authors,
	.section_update = pg_section_update,
	.author_update = pg_author_update,
	.tag_update = pg_tag_update,
	.section_delete = pg_section_delete,
	.tag_delete = pg_tag_delete,
	.tag_merge = pg_tag_merge,
	/* --- page cache and the invalidation list --- */
	.write_begin = pg_write_begin,
	.write_end = pg_write_end,
	.sync = pg_sync,
	.inval_log = pg_inval_log,
	.inval_read = pg_inval_read,
	.inval_last = pg_inval_last,
	.article_state = pg_article_state,
	.next_publish_after = pg_next_publish_after,
	/* --- search, related articles, sitemaps --- */
	.search = pg_search,
	.related = pg_related,
	.related_refresh = pg_related_refresh,
	.sitemap_count = pg_sitemap_count,
	.sitemap_entries = pg_sitemap_entries,
	.article_image = pg_article_image,
	/* --- comments --- */
	.comment_add = pg_comment_add,
	.comment_history = pg_comment_history,
	.comment_thread = pg_comment_thread,
	.comment_count = pg_comment_count,
	.comment_get = pg_comment_get,
	.comment_list = pg_comment_list,
	.comment_counts = pg_comment_counts,
	.comment_set_status = pg_comment_set_status,
	.comment_delete = pg_comment_delete,
	.comment_edit = pg_comment_edit,
	.setting_get_many = pg_setting_get_many,
	/* --- shortcodes, sliders, ads --- */
	.slider_add = pg_slider_add,
	.slide_add = pg_slide_add,
	.slider_get = pg_slider_get,
	.slider_list = pg_slider_list,
	.slider_delete = pg_slider_delete,
	.slide_delete = pg_slide_delete,
	.ad_slot_add = pg_ad_slot_add,
	.ad_slot_get = pg_ad_slot_get,
	.ad_slot_list = pg_ad_slot_list,
	.ad_add = pg_ad_add,
	.ad_get = pg_ad_get,
	.ad_list = pg_ad_list,
	.ad_delete = pg_ad_delete,
	/* --- newsroom sliders and ads --- */
	.slider_rename = pg_slider_rename,
	.slide_update = pg_slide_update,
	.ad_slot_delete = pg_ad_slot_delete,
	.ad_slot_update = pg_ad_slot_update,
	.ad_update = pg_ad_update,
	.media_brief = pg_media_brief,
	/* --- media --- */
	.media_add = pg_media_add,
	.media_update = pg_media_update,
	.media_get = pg_media_get,
	.media_by_key = pg_media_by_key,
	.media_list = pg_media_list,
	.media_search = pg_media_search,
	.media_usage = pg_media_usage,
	.media_delete = pg_media_delete,
	.article_featured = pg_article_featured,
	.article_set_featured = pg_article_set_featured,
	.article_pin = pg_article_pin,
	.article_pins = pg_article_pins,
	.api_article_ids = pg_api_article_ids,
	.term_counts = pg_term_counts,
	.media_count = pg_media_count,
	.media_pending_set = pg_media_pending_set,
	.media_pending = pg_media_pending,
	.media_file_put = pg_media_file_put,
	.media_file_get = pg_media_file_get,
	.media_file_size = pg_media_file_size,
	.limit_prune = pg_limit_prune,
	.limit_nth = pg_limit_nth,
	.limit_add = pg_limit_add,
	.article_delete = pg_article_delete,
	.app_password_add = pg_app_password_add,
	.app_password_list = pg_app_password_list,
	.app_password_by_hash = pg_app_password_by_hash,
	.app_password_delete = pg_app_password_delete,
	.app_password_used = pg_app_password_used,
	.webhook_add = pg_webhook_add,
	.webhook_delete = pg_webhook_delete,
	.webhook_list = pg_webhook_list,
	.webhook_enqueue = pg_webhook_enqueue,
	.webhook_set_active = pg_webhook_set_active,
	.webhook_enqueue_one = pg_webhook_enqueue_one,
	.webhook_redeliver = pg_webhook_redeliver,
	.webhook_due = pg_webhook_due,
	.webhook_done = pg_webhook_done,
	.webhook_deliveries = pg_webhook_deliveries,
	.mail_enqueue = pg_mail_enqueue,
	.mail_due = pg_mail_due,
	.mail_done = pg_mail_done,
	.mail_list = pg_mail_list,
	.reset_add = pg_reset_add,
	.reset_find = pg_reset_find,
	.reset_use = pg_reset_use,
	.mail_optout_get = pg_mail_optout_get,
	.mail_optout_set = pg_mail_optout_set,
	.totp_get = pg_totp_get,
	.totp_begin = pg_totp_begin,
	.totp_enable = pg_totp_enable,
	.totp_use_step = pg_totp_use_step,
	.totp_use_recovery = pg_totp_use_recovery,
	.totp_delete = pg_totp_delete,
	.challenge_add = pg_challenge_add,
	.challenge_get = pg_challenge_get,
	.challenge_fail = pg_challenge_fail,
	.challenge_delete = pg_challenge_delete,
	.preview_add = pg_preview_add,
	.preview_find = pg_preview_find,
	.preview_list = pg_preview_list,
	.preview_revoke = pg_preview_revoke,
	.live_set = pg_live_set,
	.live_get = pg_live_get,
	.live_update_add = pg_live_update_add,
	.live_update_pin = pg_live_update_pin,
	.live_update_delete = pg_live_update_delete,
	.live_updates = pg_live_updates,
	.live_now = pg_live_now,
	.reads_add = pg_reads_add,
	.reads_prune = pg_reads_prune,
	.most_read = pg_most_read,
	.copy_tables = pg_copy_tables,
	.copy_columns = pg_copy_columns,
	.copy_long = pg_copy_long,
	.copy_read = pg_copy_read,
	.copy_clear = pg_copy_clear,
	.copy_insert = pg_copy_insert,
	.copy_update = pg_copy_update,
	.copy_count = pg_copy_count,
	.copy_finish = pg_copy_finish,
};
