/*
 * pg_webhook.c -- the PostgreSQL backend's webhook calls (store.h), as
 * sqlite_webhook.c.  Taking due deliveries is one UPDATE over rows
 * locked FOR UPDATE SKIP LOCKED, so instances sharing the database
 * never take the same delivery.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

#define DELIVERY_COLS                                                  \
	"d.id, d.webhook_id, w.url, w.secret, d.event, d.payload, "    \
	"CASE d.status WHEN 'pending' THEN 0 WHEN 'delivered' THEN 1 " \
	"ELSE 2 END, d.attempts, d.next_at, d.last_code, "             \
	"coalesce(d.last_error, ''), d.created_at, coalesce(d.done_at, 0)"

static struct str
col(struct arena *ar, PGresult *res, int i, int k, int *oom)
{
	struct str s = arena_str(ar,
	    (struct str){ PQgetvalue(res, i, k),
		(size_t)PQgetlength(res, i, k) });

	if (s.p == NULL)
		*oom = 1;
	return s;
}

/* The deliveries of a result (DELIVERY_COLS) into an arena vector. */
static enum ng_err
deliveries(struct arena *ar, PGresult *res, struct webhook_delivery **out,
    size_t *n)
{
	struct webhook_delivery *v;
	int			 i, rows = PQntuples(res), oom = 0;

	*out = NULL;
	*n = 0;
	if (rows == 0)
		return NG_OK;
	if ((v = arena_calloc(ar, (size_t)rows, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < rows; i++) {
		v[i].id = pg_res_i64(res, i, 0);
		v[i].webhook_id = pg_res_i64(res, i, 1);
		v[i].url = col(ar, res, i, 2, &oom);
		v[i].secret = col(ar, res, i, 3, &oom);
		v[i].event = col(ar, res, i, 4, &oom);
		v[i].payload = col(ar, res, i, 5, &oom);
		v[i].status = (enum webhook_status)pg_res_i64(res, i, 6);
		v[i].attempts = (int)pg_res_i64(res, i, 7);
		v[i].next_at = pg_res_i64(res, i, 8);
		v[i].last_code = (int)pg_res_i64(res, i, 9);
		v[i].last_error = col(ar, res, i, 10, &oom);
		v[i].created_at = pg_res_i64(res, i, 11);
		v[i].done_at = pg_res_i64(res, i, 12);
	}
	if (oom)
		return NG_ENOMEM;
	*out = v;
	*n = (size_t)rows;
	return NG_OK;
}

enum ng_err
pg_webhook_add(struct store_conn *sc, const struct webhook *w, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[5];
	PGresult       *res;
	enum ng_err	err;

	if ((ar = arena_new(4096)) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto done;
	/* One adder at a time, so the cap holds across instances. */
	if ((res = pg_exec_text(c, "LOCK TABLE webhooks IN EXCLUSIVE MODE", 0,
		 NULL, &err)) == NULL)
		goto out;
	PQclear(res);
	if ((res = pg_exec_text(c, "SELECT count(*) FROM webhooks", 0, NULL,
		 &err)) == NULL)
		goto out;
	if (pg_res_i64(res, 0, 0) >= STORE_WEBHOOKS_MAX)
		err = NG_ETOOBIG;
	PQclear(res);
	if (err != NG_OK)
		goto out;
	v[0] = arena_str(ar, w->url).p;
	v[1] = arena_str(ar, w->secret).p;
	v[2] = arena_str(ar, w->events).p;
	v[3] = w->active ? "1" : "0";
	v[4] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] == NULL || v[1] == NULL || v[2] == NULL || v[4] == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	if ((res = pg_exec_text(c,
		 "INSERT INTO webhooks (url, secret, events, active, "
		 "created_at) VALUES ($1, $2, $3, $4::int, $5::bigint) "
		 "RETURNING id",
		 5, v, &err)) != NULL) {
		*id = pg_res_i64(res, 0, 0);
		PQclear(res);
	}
out:
	err = pg_tx_end(c, err);
done:
	arena_free(ar);
	return err;
}

enum ng_err
pg_webhook_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24];
	const char     *v[1] = { b };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b, sizeof(b), "%lld", (long long)id);
	if ((res = pg_exec_text(c, "DELETE FROM webhooks WHERE id = $1::bigint",
		 1, v, &err)) == NULL)
		return err;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_webhook_list(struct arena *ar, struct store_conn *sc, struct webhook **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct webhook *v;
	PGresult       *res;
	enum ng_err	err;
	int		i, rows, oom = 0;

	if ((res = pg_exec_text(c,
		 "SELECT id, url, secret, events, active, created_at FROM "
		 "webhooks ORDER BY id",
		 0, NULL, &err)) == NULL)
		return err;
	rows = PQntuples(res);
	v = rows > 0 ? arena_calloc(ar, (size_t)rows, sizeof(*v)) : NULL;
	if (rows > 0 && v == NULL)
		oom = 1;
	for (i = 0; !oom && i < rows; i++) {
		v[i].id = pg_res_i64(res, i, 0);
		v[i].url = col(ar, res, i, 1, &oom);
		v[i].secret = col(ar, res, i, 2, &oom);
		v[i].events = col(ar, res, i, 3, &oom);
		v[i].active = pg_res_i64(res, i, 4) != 0;
		v[i].created_at = pg_res_i64(res, i, 5);
	}
	PQclear(res);
	if (oom)
		return NG_ENOMEM;
	*out = v;
	*n = (size_t)rows;
	return NG_OK;
}

enum ng_err
pg_webhook_enqueue(struct store_conn *sc, struct str event, struct str payload,
    int64_t now, size_t *queued)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[3];
	PGresult       *res;
	enum ng_err	err = NG_ENOMEM;

	if ((ar = arena_new(payload.n + 256)) == NULL)
		return NG_ENOMEM;
	v[0] = arena_str(ar, event).p;
	v[1] = arena_str(ar, payload).p;
	v[2] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] != NULL && v[1] != NULL && v[2] != NULL &&
	    (res = pg_exec_text(c,
		 "INSERT INTO webhook_deliveries (webhook_id, event, "
		 "payload, next_at, created_at) SELECT id, $1, $2, "
		 "$3::bigint, $3::bigint FROM webhooks WHERE active = 1 AND "
		 "(events = '*' OR strpos(',' || events || ',', ',' || $1 || "
		 "',') > 0)",
		 3, v, &err)) != NULL) {
		*queued = (size_t)strtoull(PQcmdTuples(res), NULL, 10);
		PQclear(res);
	}
	arena_free(ar);
	return err;
}

enum ng_err
pg_webhook_due(struct arena *ar, struct store_conn *sc, int64_t now,
    int64_t lease_until, size_t limit, struct webhook_delivery **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	enum ng_err	err;

	if ((res = pg_exec_lease(c,
		 "WITH due AS (SELECT d.id FROM webhook_deliveries d JOIN "
		 "webhooks w ON w.id = d.webhook_id WHERE d.status = "
		 "'pending' AND d.next_at <= $1::bigint AND w.active = 1 "
		 "ORDER BY d.next_at, d.id LIMIT $3::bigint FOR UPDATE OF d "
		 "SKIP LOCKED) "
		 "UPDATE webhook_deliveries d SET next_at = $2::bigint FROM "
		 "due, webhooks w WHERE d.id = due.id AND w.id = "
		 "d.webhook_id RETURNING " DELIVERY_COLS,
		 now, lease_until, limit, &err)) == NULL)
		return err;
	err = deliveries(ar, res, out, n);
	PQclear(res);
	return err;
}

enum ng_err
pg_webhook_done(struct store_conn *sc, int64_t id, enum webhook_status status,
    int attempts, int64_t next_at, int code, struct str error, int64_t now)
{
	static const char *const names[WEBHOOK__MAX] = { "pending", "delivered",
		"failed" };
	struct pg_conn		*c = pg_conn_of(sc);
	struct arena		*ar;
	const char		*v[7];
	PGresult		*res;
	enum ng_err		 err = NG_ENOMEM;

	if ((ar = arena_new(1024)) == NULL)
		return NG_ENOMEM;
	v[0] = arena_printf(ar, "%lld", (long long)id);
	v[1] = names[status];
	v[2] = arena_printf(ar, "%d", attempts);
	v[3] = arena_printf(ar, "%lld", (long long)next_at);
	v[4] = arena_printf(ar, "%d", code);
	v[5] = arena_str(ar, error).p;
	v[6] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] != NULL && v[2] != NULL && v[3] != NULL && v[4] != NULL &&
	    v[5] != NULL && v[6] != NULL &&
	    (res = pg_exec_text(c,
		 "UPDATE webhook_deliveries SET status = $2, attempts = "
		 "$3::int, next_at = $4::bigint, last_code = $5::int, "
		 "last_error = $6, done_at = CASE WHEN $2 = 'pending' THEN "
		 "NULL ELSE $7::bigint END WHERE id = $1::bigint",
		 7, v, &err)) != NULL) {
		if (strcmp(PQcmdTuples(res), "0") == 0)
			err = NG_ENOTFOUND;
		PQclear(res);
	}
	arena_free(ar);
	return err;
}

enum ng_err
pg_webhook_deliveries(struct arena *ar, struct store_conn *sc,
    int64_t webhook_id, size_t limit, struct webhook_delivery **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[2][24];
	const char     *v[2] = { b[0], b[1] };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b[0], sizeof(b[0]), "%lld", (long long)webhook_id);
	snprintf(b[1], sizeof(b[1]), "%zu", limit);
	if ((res = pg_exec_text(c,
		 "SELECT " DELIVERY_COLS " FROM webhook_deliveries d JOIN "
		 "webhooks w ON w.id = d.webhook_id WHERE $1::bigint = 0 OR "
		 "d.webhook_id = $1::bigint ORDER BY d.id DESC LIMIT "
		 "$2::bigint",
		 2, v, &err)) == NULL)
		return err;
	err = deliveries(ar, res, out, n);
	PQclear(res);
	return err;
}

enum ng_err
pg_webhook_set_active(struct store_conn *sc, int64_t id, int active)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24];
	const char     *v[2] = { b, active ? "1" : "0" };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b, sizeof(b), "%lld", (long long)id);
	if ((res = pg_exec_text(c,
		 "UPDATE webhooks SET active = $2::int WHERE id = $1::bigint",
		 2, v, &err)) == NULL)
		return err;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_webhook_enqueue_one(struct store_conn *sc, int64_t id, struct str event,
    struct str payload, int64_t now, int64_t *delivery)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[4];
	PGresult       *res;
	enum ng_err	err = NG_ENOMEM;

	if ((ar = arena_new(payload.n + 256)) == NULL)
		return NG_ENOMEM;
	v[0] = arena_printf(ar, "%lld", (long long)id);
	v[1] = arena_str(ar, event).p;
	v[2] = arena_str(ar, payload).p;
	v[3] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] != NULL && v[1] != NULL && v[2] != NULL && v[3] != NULL &&
	    (res = pg_exec_text(c,
		 "INSERT INTO webhook_deliveries (webhook_id, event, "
		 "payload, next_at, created_at) SELECT id, $2, $3, "
		 "$4::bigint, $4::bigint FROM webhooks WHERE id = $1::bigint "
		 "RETURNING id",
		 4, v, &err)) != NULL) {
		if (PQntuples(res) == 0)
			err = NG_ENOTFOUND;
		else
			*delivery = pg_res_i64(res, 0, 0);
		PQclear(res);
	}
	arena_free(ar);
	return err;
}

enum ng_err
pg_webhook_redeliver(struct store_conn *sc, int64_t webhook_id, int64_t id,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[3][24];
	const char     *v[3] = { b[0], b[1], b[2] };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b[0], sizeof(b[0]), "%lld", (long long)id);
	snprintf(b[1], sizeof(b[1]), "%lld", (long long)webhook_id);
	snprintf(b[2], sizeof(b[2]), "%lld", (long long)now);
	if ((res = pg_exec_text(c,
		 "UPDATE webhook_deliveries SET status = 'pending', "
		 "attempts = 0, next_at = $3::bigint, done_at = NULL WHERE "
		 "id = $1::bigint AND webhook_id = $2::bigint",
		 3, v, &err)) == NULL)
		return err;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}
