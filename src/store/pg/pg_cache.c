/*
 * pg_cache.c -- what the page cache (src/http/pagecache.c) asks the
 * PostgreSQL backend: the write transactions and the log of the
 * invalidation list (store_inval.c), and when the next
 * scheduled-by-date article becomes visible.
 *
 * Each row of the log notifies nutgraf_changes (migration 0010's
 * trigger), which PostgreSQL delivers at COMMIT -- and only then -- to
 * every session listening, in every nutgraf instance on the database.
 * The store's watcher connection (store_int.h) LISTENs and reads the
 * log past the last row it saw.  It reads the log on every check, not
 * only after a notification: a request that follows a write at once (a
 * command-line change, then a page) can beat the notification, never
 * the committed row.
 *
 * While the database cannot be reached nobody can write to it, and the
 * cached pages are the best there is: the watcher keeps them and tries
 * to reconnect at most every PG_RETRY_MS.  Back, it cannot know what was
 * written meanwhile: it subscribes again and says so (NG_EDB), and the
 * cache drops everything.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

/* Reconnection attempts of the watcher, at most one per this many ms. */
#define PG_RETRY_MS 250

/* Rows kept behind the newest: at 10 writes a second, a quarter hour. */
#define INVAL_KEEP 10000

static int
retry_due(struct pg_conn *c)
{
	struct timespec ts;
	int64_t		now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (now < c->retry_at)
		return 0;
	c->retry_at = now + PG_RETRY_MS;
	return 1;
}

enum ng_err
pg_listen(struct pg_conn *c)
{
	PGresult   *res;
	enum ng_err err = NG_OK;

	res = PQexec(c->db, "LISTEN " PG_CHANNEL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		err = pg_db_err(c, res, "LISTEN");
	PQclear(res);
	c->listening = err == NG_OK;
	return err;
}

/*
 * The watcher connection (opened by the store, never pooled) prepares
 * its statements on first use, and again after a reconnection.
 */
static enum ng_err
ready(struct pg_conn *c)
{
	char errbuf[256];

	if (c->prepared)
		return NG_OK;
	if (pg_prepare_all(c, 0, errbuf, sizeof(errbuf)) != NG_OK) {
		log_err("store: %s", errbuf);
		return NG_EDB;
	}
	return NG_OK;
}

enum {
	WATCH_OK,
	WATCH_DOWN,
	WATCH_BACK
};

/* The watcher's subscription: up, still down, or back after a loss. */
static int
watch(struct pg_conn *c)
{
	PGnotify *nf;

	if (PQstatus(c->db) == CONNECTION_OK && c->listening) {
		if (PQconsumeInput(c->db) && PQstatus(c->db) == CONNECTION_OK) {
			/* The rows themselves are read from the log. */
			while ((nf = PQnotifies(c->db)) != NULL)
				PQfreemem(nf);
			return WATCH_OK;
		}
		log_warn("store: lost the PostgreSQL change feed");
		c->listening = 0;
	}
	if (!retry_due(c))
		return WATCH_DOWN;
	if (PQstatus(c->db) != CONNECTION_OK) {
		log_warn("store: reconnecting the PostgreSQL change feed");
		PQreset(c->db);
		c->prepared = 0;
		if (PQstatus(c->db) != CONNECTION_OK)
			return WATCH_DOWN;
	}
	if (pg_listen(c) != NG_OK)
		return WATCH_DOWN;
	return WATCH_BACK;
}

enum ng_err
pg_write_begin(struct store_conn *sc)
{
	struct pg_conn *c = pg_conn_of(sc);
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) == NG_OK) {
		/* 2: it joined a bulk transaction, which will commit. */
		c->wtx = c->nested ? 2 : 1;
		c->nested = 0;
	}
	return err;
}

enum ng_err
pg_write_end(struct store_conn *sc, enum ng_err err)
{
	struct pg_conn *c = pg_conn_of(sc);
	int		joined = c->wtx == 2;

	c->wtx = 0;
	c->nested = 0;
	return joined ? err : pg_tx_end(c, err);
}

/*
 * A commit is durable when COMMIT returns: every session runs with
 * synchronous_commit on (pg.c), whatever the server's default, and
 * PostgreSQL flushes concurrent commits together.
 */
enum ng_err
pg_sync(struct store_conn *sc)
{
	(void)sc;
	return NG_OK;
}

enum ng_err
pg_inval_log(struct store_conn *sc, int64_t origin, const char *keys,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int64_t		seq;

	if ((s = pg_stmt_get(c, STMT_INVAL_LOG)) == NULL ||
	    !pg_bind_i64(c, s, 1, origin) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_text(c, s, 3, str_c(keys)))
		return NG_EDB;
	if (pg_step(c, s, &err) != 1)
		return err == NG_OK ? NG_EDB : err;
	seq = pg_col_i64(s, 0);
	pg_reset(s);
	/* Prune now and then, in the same transaction. */
	if (seq % 512 != 0 || seq <= INVAL_KEEP)
		return NG_OK;
	if ((s = pg_stmt_get(c, STMT_INVAL_PRUNE)) == NULL ||
	    !pg_bind_i64(c, s, 1, seq) || !pg_bind_i64(c, s, 2, INVAL_KEEP))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_inval_read(struct arena *ar, struct store_conn *sc, int64_t after,
    size_t max, struct inval_row **out, size_t *n)
{
	struct pg_conn	 *c = pg_conn_of(sc);
	struct pg_rd	  r = { ar, 0 };
	struct inval_row *v;
	struct pg_stmt	 *s;
	enum ng_err	  err = NG_OK;
	int		  rc;

	*out = NULL;
	*n = 0;
	if (!c->pooled) {
		switch (watch(c)) {
		case WATCH_DOWN:
			return NG_OK; /* keep what is cached */
		case WATCH_BACK:
			return NG_EDB; /* missed what was written */
		default:
			break;
		}
	}
	if ((err = ready(c)) != NG_OK)
		return err;
	if ((v = arena_calloc(ar, max, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	if ((s = pg_stmt_get(c, STMT_INVAL_READ)) == NULL ||
	    !pg_bind_i64(c, s, 1, after) || !pg_bind_i64(c, s, 2, (int64_t)max))
		return NG_EDB;
	while (*n < max && (rc = pg_step(c, s, &err)) == 1) {
		v[*n].seq = pg_col_i64(s, 0);
		v[*n].origin = pg_col_i64(s, 1);
		v[*n].keys = pg_col_str(&r, s, 2);
		(*n)++;
	}
	pg_reset(s);
	if (err != NG_OK && PQstatus(c->db) != CONNECTION_OK) {
		/* Gone in the middle: keep the pages until it is back. */
		c->listening = 0;
		*n = 0;
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	*out = v;
	return NG_OK;
}

enum ng_err
pg_inval_last(struct store_conn *sc, int64_t *seq)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	*seq = 0;
	if ((err = ready(c)) != NG_OK)
		return err;
	/* The watcher subscribes before it takes its baseline. */
	if (!c->pooled && !c->listening && PQstatus(c->db) == CONNECTION_OK)
		(void)pg_listen(c);
	if ((s = pg_stmt_get(c, STMT_INVAL_LAST)) == NULL)
		return NG_EDB;
	if (pg_step(c, s, &err) != 1)
		return err == NG_OK ? NG_EDB : err;
	*seq = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

enum ng_err
pg_article_state(struct arena *ar, struct store_conn *sc, int64_t id,
    struct article_state *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct str	status;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	memset(out, 0, sizeof(*out));
	if ((s = pg_stmt_get(c, STMT_ARTICLE_STATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	status = pg_col_str(&r, s, 0);
	if (status.p == NULL || !store_status_parse(status, &out->status))
		out->status = ARTICLE_DRAFT;
	out->section_id = pg_col_i64(s, 1);
	out->author_id = pg_col_i64(s, 2);
	out->published_at = pg_col_i64(s, 3);
	pg_reset(s);
	if ((out->tags = arena_calloc(ar, STORE_TAGS_MAX,
		 sizeof(*out->tags))) == NULL)
		return NG_ENOMEM;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_STATE_TAGS)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	while (out->ntags < STORE_TAGS_MAX && (rc = pg_step(c, s, &err)) == 1)
		out->tags[out->ntags++] = pg_col_i64(s, 0);
	pg_reset(s);
	if (rc < 0)
		return err;
	if ((out->authors = arena_calloc(ar, STORE_AUTHORS_MAX,
		 sizeof(*out->authors))) == NULL)
		return NG_ENOMEM;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_STATE_AUTHORS)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	while (out->nauthors < STORE_AUTHORS_MAX &&
	    (rc = pg_step(c, s, &err)) == 1)
		out->authors[out->nauthors++] = pg_col_i64(s, 0);
	pg_reset(s);
	if (r.oom)
		return NG_ENOMEM;
	return err;
}

enum ng_err
pg_next_publish_after(struct store_conn *sc, int64_t now, int64_t *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	*out = 0;
	if ((s = pg_stmt_get(c, STMT_NEXT_PUBLISH)) == NULL ||
	    !pg_bind_i64(c, s, 1, now))
		return NG_EDB;
	if (pg_step(c, s, &err) != 1)
		return err == NG_OK ? NG_EDB : err;
	if (pg_col_null(s, 0))
		return NG_ENOTFOUND;
	*out = pg_col_i64(s, 0);
	return NG_OK;
}
