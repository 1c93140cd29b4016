/*
 * pg_media.c -- the PostgreSQL side of uploaded images: the
 * media table of 0001 and articles.featured_media_id.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

enum ng_err
pg_media_add(struct store_conn *sc, const struct media *m, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_MEDIA_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, m->path) ||
	    !pg_bind_text(c, s, 2, m->mime) ||
	    !pg_bind_i64(c, s, 3, m->width) ||
	    !pg_bind_i64(c, s, 4, m->height) || !pg_bind_opt(c, s, 5, m->alt) ||
	    !pg_bind_opt(c, s, 6, m->caption) ||
	    !pg_bind_opt(c, s, 7, m->credit) || !pg_bind_i64(c, s, 8, now) ||
	    !pg_bind_i64(c, s, 9, m->bytes) ||
	    !pg_bind_i64(c, s, 10, m->duration) ||
	    !pg_bind_opt(c, s, 11, m->filename))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

enum ng_err
pg_media_update(struct store_conn *sc, const struct media *m)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((s = pg_stmt_get(c, STMT_MEDIA_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, m->id) || !pg_bind_opt(c, s, 2, m->alt) ||
	    !pg_bind_opt(c, s, 3, m->caption) ||
	    !pg_bind_opt(c, s, 4, m->credit))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK && pg_changes(c) == 0)
		err = NG_ENOTFOUND;
	return err;
}

/* The columns of STMT_MEDIA_GET and STMT_MEDIA_LIST. */
static void
media_row(struct pg_rd *r, struct pg_stmt *s, struct media *m)
{
	m->id = pg_col_i64(s, 0);
	m->path = pg_col_str(r, s, 1);
	m->mime = pg_col_str(r, s, 2);
	m->width = pg_col_i64(s, 3);
	m->height = pg_col_i64(s, 4);
	m->alt = pg_col_str(r, s, 5);
	m->caption = pg_col_str(r, s, 6);
	m->credit = pg_col_str(r, s, 7);
	m->created_at = pg_col_i64(s, 8);
	m->bytes = pg_col_i64(s, 9);
	m->duration = pg_col_i64(s, 10);
	m->filename = pg_col_str(r, s, 11);
}

/* The one row of the bound statement s into out; NG_ENOTFOUND: none. */
static enum ng_err
media_one(struct arena *ar, struct pg_conn *c, struct pg_stmt *s,
    struct media *out)
{
	struct pg_rd r = { ar, 0 };
	enum ng_err  err = NG_OK;
	int	     rc;

	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	media_row(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_media_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct media *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MEDIA_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return media_one(ar, c, s, out);
}

enum ng_err
pg_media_by_key(struct arena *ar, struct store_conn *sc, struct str key,
    struct media *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	char		lo[80], hi[80];

	snprintf(lo, sizeof(lo), "%.*s/", (int)key.n, key.p);
	snprintf(hi, sizeof(hi), "%.*s0", (int)key.n, key.p);
	if ((s = pg_stmt_get(c, STMT_MEDIA_BY_KEY)) == NULL ||
	    !pg_bind_text(c, s, 1, str_c(lo)) ||
	    !pg_bind_text(c, s, 2, str_c(hi)))
		return NG_EDB;
	return media_one(ar, c, s, out);
}

/* The rows of the bound media statement s into *out, *n. */
static enum ng_err
media_rows(struct arena *ar, struct pg_conn *c, struct pg_stmt *s,
    struct media **out, size_t *n)
{
	struct pg_rd  r = { ar, 0 };
	struct media *v = NULL;
	enum ng_err   err = NG_OK;
	size_t	      cap = 0;
	int	      rc;

	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, *n, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		media_row(&r, s, &v[*n]);
		(*n)++;
	}
	pg_reset(s);
	if (err != NG_OK)
		return err;
	*out = v;
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_media_list(struct arena *ar, struct store_conn *sc, size_t offset,
    size_t limit, struct media **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MEDIA_LIST)) == NULL ||
	    !pg_bind_i64(c, s, 1, (int64_t)limit) ||
	    !pg_bind_i64(c, s, 2, (int64_t)offset))
		return NG_EDB;
	return media_rows(ar, c, s, out, n);
}

enum ng_err
pg_media_search(struct arena *ar, struct store_conn *sc, struct str q,
    size_t offset, size_t limit, struct media **out, size_t *n, size_t *total)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;

	if ((s = pg_stmt_get(c, STMT_MEDIA_COUNT)) == NULL ||
	    !pg_bind_text(c, s, 1, q))
		return NG_EDB;
	if (pg_step(c, s, &err) == 1) {
		*total = (size_t)pg_col_i64(s, 0);
		pg_reset(s);
	}
	if (err != NG_OK)
		return err;
	if ((s = pg_stmt_get(c, STMT_MEDIA_SEARCH)) == NULL ||
	    !pg_bind_text(c, s, 1, q) ||
	    !pg_bind_i64(c, s, 2, (int64_t)limit) ||
	    !pg_bind_i64(c, s, 3, (int64_t)offset))
		return NG_EDB;
	return media_rows(ar, c, s, out, n);
}

enum ng_err
pg_media_usage(struct arena *ar, struct store_conn *sc, int64_t id,
    struct str frag, struct media_use **out, size_t *n)
{
	struct pg_conn	 *c = pg_conn_of(sc);
	struct pg_rd	  r = { ar, 0 };
	struct media_use *v = NULL;
	struct pg_stmt	 *s;
	enum ng_err	  err = NG_OK;
	size_t		  cap = 0;
	int64_t		  kind;
	int		  rc;

	*out = NULL;
	*n = 0;
	if ((s = pg_stmt_get(c, STMT_MEDIA_USAGE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, frag))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, *n, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		kind = pg_col_i64(s, 0);
		v[*n].kind = kind >= 0 && kind < MEDIA_USE__MAX ?
		    (enum media_use_kind)kind :
		    MEDIA_USE_ARTICLE;
		v[*n].id = pg_col_i64(s, 1);
		v[*n].title = pg_col_str(&r, s, 2);
		v[*n].status = pg_col_str(&r, s, 3);
		v[*n].body = pg_col_null(s, 4) ? STR_NULL :
						 pg_col_str(&r, s, 4);
		(*n)++;
	}
	pg_reset(s);
	if (err != NG_OK)
		return err;
	*out = v;
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_media_delete(struct store_conn *sc, int64_t id, struct str key)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((s = pg_stmt_get(c, STMT_MEDIA_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	if (pg_changes(c) == 0)
		return NG_ENOTFOUND;
	if ((s = pg_stmt_get(c, STMT_MEDIA_FILES_DELETE)) == NULL ||
	    !pg_bind_text(c, s, 1, key))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_article_featured(struct store_conn *sc, int64_t article_id,
    int64_t *media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	*media_id = 0;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_FEATURED)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	*media_id = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

enum ng_err
pg_article_set_featured(struct store_conn *sc, int64_t article_id,
    int64_t media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_SET_FEATURED)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) ||
	    !pg_bind_ref(c, s, 2, media_id))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	if (pg_changes(c) == 0)
		return NG_ENOTFOUND;
	/* The picture is in the article's history like its text. */
	if ((s = pg_stmt_get(c,
		 c->bulk ? STMT_REVISION_FEATURED_FIX :
			   STMT_REVISION_FEATURED)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) ||
	    (!c->bulk && !pg_bind_i64(c, s, 2, (int64_t)time(NULL))))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

/*
 * Media bytes (migration 0016): the bytes go and come back in binary,
 * not as text, and unprepared -- an upload's variants are written once
 * and fetched once per instance, which keeps its own copy on disk.
 * put takes no write lock: the key is new and random, and holding the
 * lock every writer waits for while megabytes cross the network would
 * stall the site.
 */
static PGresult *
file_query(struct pg_conn *c, const char *sql, struct str key, struct str name,
    struct str bytes, int binary_result, enum ng_err *err)
{
	const char    *vals[3];
	int	       lens[3], fmts[3] = { 0, 0, 1 };
	char	      *k, *n;
	PGresult      *res;
	ExecStatusType st;

	*err = NG_OK;
	if ((k = strndup(key.p, key.n)) == NULL ||
	    (n = strndup(name.p, name.n)) == NULL) {
		free(k);
		*err = NG_ENOMEM;
		return NULL;
	}
	vals[0] = k;
	vals[1] = n;
	vals[2] = bytes.p;
	lens[0] = (int)key.n;
	lens[1] = (int)name.n;
	lens[2] = (int)bytes.n;
	res = PQexecParams(c->db, sql, bytes.p != NULL ? 3 : 2, NULL, vals,
	    lens, fmts, binary_result);
	free(k);
	free(n);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, res, sql);
		PQclear(res);
		return NULL;
	}
	return res;
}

enum ng_err
pg_media_file_put(struct store_conn *sc, struct str key, struct str name,
    struct str bytes)
{
	struct pg_conn *c = pg_conn_of(sc);
	enum ng_err	err;

	/* A write sees the latest data, not a read session's snapshot. */
	if (c->session_tx && !c->bulk && !pg_autocommit(c)) {
		c->session_tx = 0;
		if ((err = pg_exec_id(c, STMT_COMMIT)) != NG_OK)
			return err;
	}
	PQclear(file_query(c,
	    "INSERT INTO media_files (media_key, name, bytes) "
	    "VALUES ($1, $2, $3::bytea) ON CONFLICT DO NOTHING",
	    key, name, bytes, 0, &err));
	return err;
}

enum ng_err
pg_media_file_get(struct arena *ar, struct store_conn *sc, struct str key,
    struct str name, struct str *bytes)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	enum ng_err	err;
	size_t		n;
	char	       *p;

	if ((res = file_query(c,
		 "SELECT bytes FROM media_files WHERE media_key = $1 "
		 "AND name = $2",
		 key, name, (struct str){ NULL, 0 }, 1, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		err = NG_ENOTFOUND;
	else {
		n = (size_t)PQgetlength(res, 0, 0);
		if ((p = arena_alloc(ar, n + 1)) == NULL)
			err = NG_ENOMEM;
		else {
			memcpy(p, PQgetvalue(res, 0, 0), n);
			p[n] = '\0';
			*bytes = (struct str){ p, n };
		}
	}
	PQclear(res);
	return err;
}

enum ng_err
pg_media_file_size(struct store_conn *sc, struct str key, struct str name,
    int64_t *size)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	enum ng_err	err;

	if ((res = file_query(c,
		 "SELECT octet_length(bytes) FROM media_files WHERE "
		 "media_key = $1 AND name = $2",
		 key, name, (struct str){ NULL, 0 }, 0, &err)) == NULL)
		return err;
	if (PQntuples(res) != 1)
		err = NG_ENOTFOUND;
	else
		*size = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return err;
}

enum ng_err
pg_article_pin(struct store_conn *sc, int64_t article_id, int on, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, on ? STMT_PIN_ADD : STMT_PIN_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) ||
	    (on && !pg_bind_i64(c, s, 2, now)))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_reads_add(struct store_conn *sc, int64_t article_id, int64_t hour, int64_t n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_READS_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) || !pg_bind_i64(c, s, 2, hour) ||
	    !pg_bind_i64(c, s, 3, n))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_reads_prune(struct store_conn *sc, int64_t before)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_READS_PRUNE)) == NULL ||
	    !pg_bind_i64(c, s, 1, before))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

/* The first column of every row of s, a bound list statement, as ids. */
static enum ng_err
ids_of(struct arena *ar, struct pg_conn *c, struct pg_stmt *s, int64_t **ids,
    size_t *n)
{
	int64_t	   *v = NULL;
	enum ng_err err = NG_OK;
	size_t	    cap = 0;

	while (pg_step(c, s, &err) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, *n, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		v[(*n)++] = pg_col_i64(s, 0);
	}
	if (err != NG_OK)
		return err;
	*ids = v;
	return NG_OK;
}

enum ng_err
pg_most_read(struct arena *ar, struct store_conn *sc, int64_t since,
    int64_t now, size_t limit, int64_t **ids, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_MOST_READ)) == NULL ||
	    !pg_bind_i64(c, s, 1, since) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_i64(c, s, 3, (int64_t)limit))
		return NG_EDB;
	return ids_of(ar, c, s, ids, n);
}

enum ng_err
pg_article_pins(struct arena *ar, struct store_conn *sc, int64_t now,
    size_t limit, int64_t **ids, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_PINS)) == NULL ||
	    !pg_bind_i64(c, s, 1, now) || !pg_bind_i64(c, s, 2, (int64_t)limit))
		return NG_EDB;
	return ids_of(ar, c, s, ids, n);
}

enum ng_err
pg_media_pending_set(struct store_conn *sc, int64_t id, int pending)
{
	struct pg_conn *c = pg_conn_of(sc);
	const char     *vals[2];
	char		ib[24], pb[4];
	PGresult       *res;
	enum ng_err	err = NG_OK;

	snprintf(ib, sizeof(ib), "%lld", (long long)id);
	snprintf(pb, sizeof(pb), "%d", pending != 0);
	vals[0] = ib;
	vals[1] = pb;
	res = PQexecParams(c->db,
	    "UPDATE media SET pending = $2::int WHERE id = $1::bigint", 2, NULL,
	    vals, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		err = pg_db_err(c, res, "media pending");
	else if (strcmp(PQcmdTuples(res), "0") == 0)
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_media_pending(struct arena *ar, struct store_conn *sc, size_t limit,
    struct media_pending **out, size_t *n)
{
	struct pg_conn	     *c = pg_conn_of(sc);
	struct media_pending *v;
	const char	     *vals[1];
	char		      lb[24];
	PGresult	     *res;
	enum ng_err	      err = NG_OK;
	int		      i, rows;

	if ((v = arena_alloc(ar, limit * sizeof(*v))) == NULL)
		return NG_ENOMEM;
	snprintf(lb, sizeof(lb), "%zu", limit);
	vals[0] = lb;
	res = PQexecParams(c->db,
	    "SELECT id, path FROM media WHERE pending = 1 "
	    "ORDER BY id LIMIT $1::bigint",
	    1, NULL, vals, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = pg_db_err(c, res, "media pending");
		PQclear(res);
		return err;
	}
	rows = PQntuples(res);
	for (i = 0; i < rows && (size_t)i < limit; i++) {
		v[i].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		v[i].path.p = arena_strndup(ar, PQgetvalue(res, i, 1),
		    (size_t)PQgetlength(res, i, 1));
		v[i].path.n = (size_t)PQgetlength(res, i, 1);
		if (v[i].path.p == NULL) {
			err = NG_ENOMEM;
			break;
		}
	}
	PQclear(res);
	*out = v;
	*n = err == NG_OK ? (size_t)i : 0;
	return err;
}
