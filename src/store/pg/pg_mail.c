/*
 * pg_mail.c -- the PostgreSQL backend's outgoing mail queue, password
 * reset links and mail preferences (store.h), as sqlite_mail.c.  The
 * queue is leased with FOR UPDATE SKIP LOCKED, so instances sharing the
 * database never take the same message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

static const char *const status_names[MAIL__MAX] = { "pending", "sent",
	"failed" };

#define MAIL_COLS                                                          \
	"id, recipient, message, status, attempts, next_try, last_error, " \
	"created_at"

static struct str
col(struct arena *ar, PGresult *res, int i, int k)
{
	return arena_str(ar,
	    (struct str){ PQgetvalue(res, i, k),
		(size_t)PQgetlength(res, i, k) });
}

static enum ng_err
items(struct arena *ar, PGresult *res, struct mail_item **out, size_t *n)
{
	struct mail_item *m;
	struct str	  st;
	int		  i, j, rows = PQntuples(res);

	*out = NULL;
	*n = 0;
	if (rows == 0)
		return NG_OK;
	if ((m = arena_calloc(ar, (size_t)rows, sizeof(*m))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < rows; i++) {
		m[i].id = pg_res_i64(res, i, 0);
		m[i].recipient = col(ar, res, i, 1);
		m[i].message = col(ar, res, i, 2);
		st = (struct str){ PQgetvalue(res, i, 3),
			(size_t)PQgetlength(res, i, 3) };
		m[i].status = MAIL_FAILED;
		for (j = 0; j < MAIL__MAX; j++)
			if (str_eqc(st, status_names[j]))
				m[i].status = (enum mail_status)j;
		m[i].attempts = (int)pg_res_i64(res, i, 4);
		m[i].next_try = pg_res_i64(res, i, 5);
		m[i].last_error = col(ar, res, i, 6);
		m[i].created_at = pg_res_i64(res, i, 7);
		if (m[i].recipient.p == NULL || m[i].message.p == NULL ||
		    m[i].last_error.p == NULL)
			return NG_ENOMEM;
	}
	*out = m;
	*n = (size_t)rows;
	return NG_OK;
}

/* Run sql with n text values; *rows (may be NULL) the rows changed. */
static enum ng_err
exec(struct pg_conn *c, const char *sql, int n, const char *const *v,
    int64_t *rows)
{
	PGresult   *res;
	enum ng_err err = NG_OK;

	if ((res = pg_exec_text(c, sql, n, v, &err)) == NULL)
		return err;
	if (rows != NULL)
		*rows = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return err;
}

enum ng_err
pg_mail_enqueue(struct store_conn *sc, struct str recipient, struct str message,
    int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[3];
	PGresult       *res;
	enum ng_err	err = NG_ENOMEM;

	if ((ar = arena_new(message.n + recipient.n + 1024)) == NULL)
		return NG_ENOMEM;
	v[0] = arena_str(ar, recipient).p;
	v[1] = arena_str(ar, message).p;
	v[2] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] != NULL && v[1] != NULL && v[2] != NULL &&
	    (res = pg_exec_text(c,
		 "INSERT INTO mail_queue (recipient, message, next_try, "
		 "created_at) VALUES ($1, $2, $3::bigint, $3::bigint) "
		 "RETURNING id",
		 3, v, &err)) != NULL) {
		*id = pg_res_i64(res, 0, 0);
		PQclear(res);
	}
	arena_free(ar);
	return err;
}

enum ng_err
pg_mail_due(struct arena *ar, struct store_conn *sc, int64_t now,
    int64_t lease_until, size_t limit, struct mail_item **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	enum ng_err	err;

	if ((res = pg_exec_lease(c,
		 "WITH due AS (SELECT id FROM mail_queue WHERE status = "
		 "'pending' AND next_try <= $1::bigint ORDER BY next_try, id "
		 "LIMIT $3::bigint FOR UPDATE SKIP LOCKED) "
		 "UPDATE mail_queue m SET next_try = $2::bigint FROM due "
		 "WHERE m.id = due.id RETURNING m.id, m.recipient, m.message, "
		 "m.status, m.attempts, m.next_try, m.last_error, "
		 "m.created_at",
		 now, lease_until, limit, &err)) == NULL)
		return err;
	err = items(ar, res, out, n);
	PQclear(res);
	return err;
}

enum ng_err
pg_mail_done(struct store_conn *sc, int64_t id, enum mail_status status,
    int attempts, int64_t next_try, struct str error, int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[6];
	enum ng_err	err = NG_ENOMEM;
	int64_t		rows = 0;

	if ((ar = arena_new(2048)) == NULL)
		return NG_ENOMEM;
	v[0] = arena_printf(ar, "%lld", (long long)id);
	v[1] = status_names[status];
	v[2] = arena_printf(ar, "%d", attempts);
	v[3] = arena_printf(ar, "%lld", (long long)next_try);
	v[4] = arena_str(ar, error).p;
	v[5] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] != NULL && v[2] != NULL && v[3] != NULL && v[4] != NULL &&
	    v[5] != NULL) {
		err = exec(c,
		    "UPDATE mail_queue SET status = $2, attempts = $3::int, "
		    "next_try = $4::bigint, last_error = $5, done_at = CASE "
		    "WHEN $2 = 'pending' THEN NULL ELSE $6::bigint END WHERE "
		    "id = $1::bigint",
		    6, v, &rows);
		if (err == NG_OK && rows == 0)
			err = NG_ENOTFOUND;
	}
	arena_free(ar);
	return err;
}

enum ng_err
pg_mail_list(struct arena *ar, struct store_conn *sc, size_t limit,
    struct mail_item **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24];
	const char     *v[1] = { b };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b, sizeof(b), "%zu", limit);
	if ((res = pg_exec_text(c,
		 "SELECT " MAIL_COLS " FROM mail_queue ORDER BY id DESC "
		 "LIMIT $1::bigint",
		 1, v, &err)) == NULL)
		return err;
	err = items(ar, res, out, n);
	PQclear(res);
	return err;
}

enum ng_err
pg_reset_add(struct store_conn *sc, int64_t user_id, struct str token_hash,
    int64_t now, int64_t expires_at)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[3][24], *hash;
	const char     *v[4];
	enum ng_err	err;
	int64_t		rows = 0;

	if ((hash = strndup(token_hash.p, token_hash.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b[0], sizeof(b[0]), "%lld", (long long)user_id);
	snprintf(b[1], sizeof(b[1]), "%lld", (long long)now);
	snprintf(b[2], sizeof(b[2]), "%lld", (long long)expires_at);
	v[0] = hash;
	v[1] = b[0];
	v[2] = b[1];
	v[3] = b[2];
	err = exec(c,
	    "INSERT INTO password_resets (token_hash, user_id, created_at, "
	    "expires_at) SELECT $1, id, $3::bigint, $4::bigint FROM users "
	    "WHERE id = $2::bigint",
	    4, v, &rows);
	free(hash);
	if (err == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}

/* The user id of the one row res has; NG_ENOTFOUND for none. */
static enum ng_err
one_id(PGresult *res, int64_t *user_id)
{
	if (PQntuples(res) < 1)
		return NG_ENOTFOUND;
	*user_id = pg_res_i64(res, 0, 0);
	return NG_OK;
}

enum ng_err
pg_reset_find(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24], *hash;
	const char     *v[2];
	PGresult       *res;
	enum ng_err	err;

	if ((hash = strndup(token_hash.p, token_hash.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b, sizeof(b), "%lld", (long long)now);
	v[0] = hash;
	v[1] = b;
	res = pg_exec_text(c,
	    "SELECT user_id FROM password_resets WHERE token_hash = $1 AND "
	    "expires_at > $2::bigint AND used_at IS NULL",
	    2, v, &err);
	free(hash);
	if (res == NULL)
		return err;
	err = one_id(res, user_id);
	PQclear(res);
	return err;
}

enum ng_err
pg_reset_use(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *user_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24], *hash;
	const char     *v[2];
	PGresult       *res;
	enum ng_err	err;

	if ((hash = strndup(token_hash.p, token_hash.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b, sizeof(b), "%lld", (long long)now);
	v[0] = hash;
	v[1] = b;
	/*
	 * One statement: the link spent only if still unused and in time
	 * (the row lock makes a second, racing spend see it used), and
	 * every other unused link of its user with it.
	 */
	res = pg_exec_text(c,
	    "WITH spent AS (UPDATE password_resets SET used_at = $2::bigint "
	    "WHERE token_hash = $1 AND expires_at > $2::bigint AND used_at "
	    "IS NULL RETURNING user_id), others AS (UPDATE password_resets "
	    "p SET used_at = $2::bigint FROM spent WHERE p.user_id = "
	    "spent.user_id AND p.used_at IS NULL AND p.token_hash <> $1) "
	    "SELECT user_id FROM spent",
	    2, v, &err);
	free(hash);
	if (res == NULL)
		return err;
	err = one_id(res, user_id);
	PQclear(res);
	return err;
}

enum ng_err
pg_mail_optout_get(struct store_conn *sc, int64_t user_id, struct str kind,
    int *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24], *k;
	const char     *v[2];
	PGresult       *res;
	enum ng_err	err;

	if ((k = strndup(kind.p, kind.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b, sizeof(b), "%lld", (long long)user_id);
	v[0] = b;
	v[1] = k;
	res = pg_exec_text(c,
	    "SELECT 1 FROM mail_optouts WHERE user_id = $1::bigint AND "
	    "kind = $2",
	    2, v, &err);
	free(k);
	if (res == NULL)
		return err;
	*out = PQntuples(res) > 0;
	PQclear(res);
	return NG_OK;
}

enum ng_err
pg_mail_optout_set(struct store_conn *sc, int64_t user_id, struct str kind,
    int optout)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[24], *k;
	const char     *v[2];
	enum ng_err	err;

	if ((k = strndup(kind.p, kind.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b, sizeof(b), "%lld", (long long)user_id);
	v[0] = b;
	v[1] = k;
	err = exec(c,
	    optout ? "INSERT INTO mail_optouts (user_id, kind) SELECT id, $2 "
		     "FROM users WHERE id = $1::bigint ON CONFLICT DO NOTHING" :
		     "DELETE FROM mail_optouts WHERE user_id = $1::bigint AND "
		     "kind = $2",
	    2, v, NULL);
	free(k);
	return err;
}
