/*
 * pg_live.c -- the PostgreSQL backend's live coverage calls (store.h),
 * as sqlite_live.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

#define I64(b, v) snprintf((b), sizeof(b), "%lld", (long long)(v))

/* Run a write of n text parameters; *rows it changed. */
static enum ng_err
write_rows(struct pg_conn *c, const char *sql, int n, const char *const *v,
    int64_t *rows)
{
	PGresult   *res;
	enum ng_err err;

	*rows = 0;
	if ((res = pg_exec_text(c, sql, n, v, &err)) == NULL)
		return err;
	*rows = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return NG_OK;
}

enum ng_err
pg_live_set(struct store_conn *sc, int64_t article_id, int live, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[2][24];
	const char     *v[2] = { b[0], b[1] };
	enum ng_err	err;
	int64_t		rows = 0;

	I64(b[0], article_id);
	I64(b[1], now);
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	err = write_rows(c,
	    live ? "INSERT INTO live_coverage (article_id, started_at) "
		   "SELECT id, $2::bigint FROM articles WHERE "
		   "id = $1::bigint ON CONFLICT (article_id) DO UPDATE "
		   "SET ended_at = NULL" :
		   "UPDATE live_coverage SET ended_at = $2::bigint WHERE "
		   "article_id = $1::bigint AND ended_at IS NULL",
	    2, v, &rows);
	if (err == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return pg_tx_end(c, err);
}

enum ng_err
pg_live_get(struct store_conn *sc, int64_t article_id,
    struct live_coverage *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24];
	const char     *v[1] = { b };
	PGresult       *res;
	enum ng_err	err;

	I64(b, article_id);
	if ((res = pg_exec_text(c,
		 "SELECT started_at, coalesce(ended_at, 0) FROM "
		 "live_coverage WHERE article_id = $1::bigint",
		 1, v, &err)) == NULL)
		return err;
	if (PQntuples(res) == 1) {
		out->article_id = article_id;
		out->started_at = pg_res_i64(res, 0, 0);
		out->ended_at = pg_res_i64(res, 0, 1);
	} else
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_live_update_add(struct store_conn *sc, const struct live_update *u,
    int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[4][24], *t[3];
	const char     *v[7];
	PGresult       *res = NULL;
	enum ng_err	err;

	*id = 0;
	t[0] = strndup(u->body_md.p, u->body_md.n);
	t[1] = strndup(u->body_html.s.p != NULL ? u->body_html.s.p : "",
	    u->body_html.s.n);
	t[2] = strndup(u->body_text.p != NULL ? u->body_text.p : "",
	    u->body_text.n);
	I64(b[0], u->article_id);
	I64(b[1], now);
	I64(b[2], u->user_id);
	I64(b[3], u->pinned != 0);
	v[0] = b[0];
	v[1] = b[1];
	v[2] = b[2];
	v[3] = b[3];
	v[4] = t[0];
	v[5] = t[1];
	v[6] = t[2];
	err = NG_ENOMEM;
	if (t[0] != NULL && t[1] != NULL && t[2] != NULL &&
	    (err = pg_tx_begin(c, 1)) == NG_OK) {
		/* Only an article whose coverage is on takes updates. */
		res = pg_exec_text(c,
		    "INSERT INTO live_updates (article_id, created_at, "
		    "created_by, pinned, body_md, body_html, body_text) "
		    "SELECT article_id, $2::bigint, nullif($3::bigint, 0), "
		    "$4::integer, $5, $6, $7 FROM live_coverage WHERE "
		    "article_id = $1::bigint AND ended_at IS NULL "
		    "RETURNING id",
		    7, v, &err);
		if (res != NULL) {
			if (PQntuples(res) == 1)
				*id = pg_res_i64(res, 0, 0);
			else
				err = NG_ENOTFOUND;
			PQclear(res);
		}
		err = pg_tx_end(c, err);
	}
	free(t[0]);
	free(t[1]);
	free(t[2]);
	if (err != NG_OK)
		*id = 0;
	return err;
}

/* Run sql on update id of article_id ($1, $2, $3 value when used). */
static enum ng_err
update_write(struct pg_conn *c, const char *sql, int n, int64_t article_id,
    int64_t id, int64_t value)
{
	char	    b[3][24];
	const char *v[3] = { b[0], b[1], b[2] };
	enum ng_err err;
	int64_t	    rows = 0;

	I64(b[0], article_id);
	I64(b[1], id);
	I64(b[2], value);
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((err = write_rows(c, sql, n, v, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return pg_tx_end(c, err);
}

enum ng_err
pg_live_update_pin(struct store_conn *sc, int64_t article_id, int64_t id,
    int pinned)
{
	return update_write(pg_conn_of(sc),
	    "UPDATE live_updates SET pinned = $3::integer WHERE "
	    "article_id = $1::bigint AND id = $2::bigint",
	    3, article_id, id, pinned);
}

enum ng_err
pg_live_update_delete(struct store_conn *sc, int64_t article_id, int64_t id)
{
	return update_write(pg_conn_of(sc),
	    "DELETE FROM live_updates WHERE article_id = $1::bigint AND "
	    "id = $2::bigint",
	    2, article_id, id, 0);
}

/* Column k of row i of res as text in ar; NULL pointer when out. */
static struct str
col(struct arena *ar, PGresult *res, int i, int k)
{
	return arena_str(ar,
	    (struct str){ PQgetvalue(res, i, k),
		(size_t)PQgetlength(res, i, k) });
}

enum ng_err
pg_live_updates(struct arena *ar, struct store_conn *sc, int64_t article_id,
    int64_t after_id, size_t limit, struct live_update **out, size_t *n)
{
	struct pg_conn	   *c = pg_conn_of(sc);
	struct live_update *u;
	char		    b[3][24];
	const char	   *v[3] = { b[0], b[1], b[2] };
	PGresult	   *res;
	enum ng_err	    err;
	int		    i, rows, oom = 0;

	I64(b[0], article_id);
	I64(b[1], after_id);
	snprintf(b[2], sizeof(b[2]), "%zu", limit);
	if ((res = pg_exec_text(c,
		 "SELECT id, article_id, created_at, "
		 "coalesce(created_by, 0), pinned, body_md, body_html, "
		 "body_text FROM live_updates WHERE article_id = $1::bigint "
		 "AND id > $2::bigint ORDER BY id DESC LIMIT $3::bigint",
		 3, v, &err)) == NULL)
		return err;
	rows = PQntuples(res);
	u = rows > 0 ? arena_calloc(ar, (size_t)rows, sizeof(*u)) : NULL;
	if (rows > 0 && u == NULL)
		oom = 1;
	for (i = 0; !oom && i < rows; i++) {
		u[i].id = pg_res_i64(res, i, 0);
		u[i].article_id = pg_res_i64(res, i, 1);
		u[i].created_at = pg_res_i64(res, i, 2);
		u[i].user_id = pg_res_i64(res, i, 3);
		u[i].pinned = pg_res_i64(res, i, 4) != 0;
		u[i].body_md = col(ar, res, i, 5);
		/* Rendered and sanitized when saved (content/shortcode.h). */
		u[i].body_html = safe_html_trust(col(ar, res, i, 6));
		u[i].body_text = col(ar, res, i, 7);
		if (u[i].body_md.p == NULL || u[i].body_html.s.p == NULL ||
		    u[i].body_text.p == NULL)
			oom = 1;
	}
	PQclear(res);
	if (oom)
		return NG_ENOMEM;
	*out = u;
	*n = (size_t)rows;
	return NG_OK;
}

enum ng_err
pg_live_now(struct arena *ar, struct store_conn *sc, size_t limit,
    int64_t **ids, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24];
	const char     *v[1] = { b };
	PGresult       *res;
	enum ng_err	err = NG_OK;
	int		i, rows;

	snprintf(b, sizeof(b), "%zu", limit);
	if ((res = pg_exec_text(c,
		 "SELECT article_id FROM live_coverage WHERE ended_at IS "
		 "NULL ORDER BY article_id DESC LIMIT $1::bigint",
		 1, v, &err)) == NULL)
		return err;
	rows = PQntuples(res);
	for (i = 0; err == NG_OK && i < rows; i++)
		err = store_ids_push(ar, ids, n, pg_res_i64(res, i, 0));
	PQclear(res);
	return err;
}
