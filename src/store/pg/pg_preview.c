/*
 * pg_preview.c -- the PostgreSQL backend's preview link calls
 * (store.h), as sqlite_preview.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

enum ng_err
pg_preview_add(struct store_conn *sc, int64_t article_id, struct str token_hash,
    int64_t user_id, int64_t now, int64_t expires_at, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[4][24], *hash;
	const char     *v[5];
	PGresult       *res;
	enum ng_err	err;

	if ((hash = strndup(token_hash.p, token_hash.n)) == NULL)
		return NG_ENOMEM;
	snprintf(b[0], sizeof(b[0]), "%lld", (long long)article_id);
	snprintf(b[1], sizeof(b[1]), "%lld", (long long)user_id);
	snprintf(b[2], sizeof(b[2]), "%lld", (long long)now);
	snprintf(b[3], sizeof(b[3]), "%lld", (long long)expires_at);
	v[0] = b[0];
	v[1] = hash;
	v[2] = b[1];
	v[3] = b[2];
	v[4] = b[3];
	res = pg_exec_text(c,
	    "INSERT INTO preview_links (article_id, token_hash, created_by, "
	    "created_at, expires_at) SELECT $1::bigint, $2, "
	    "nullif($3::bigint, 0), $4::bigint, $5::bigint FROM articles "
	    "WHERE id = $1::bigint RETURNING id",
	    5, v, &err);
	free(hash);
	if (res == NULL)
		return err;
	if (PQntuples(res) == 1)
		*id = pg_res_i64(res, 0, 0);
	else
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_preview_find(struct store_conn *sc, struct str token_hash, int64_t now,
    int64_t *article_id, int64_t *expires_at)
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
	    "SELECT article_id, expires_at FROM preview_links WHERE "
	    "token_hash = $1 AND expires_at > $2::bigint AND "
	    "revoked_at IS NULL",
	    2, v, &err);
	free(hash);
	if (res == NULL)
		return err;
	if (PQntuples(res) == 1) {
		*article_id = pg_res_i64(res, 0, 0);
		*expires_at = pg_res_i64(res, 0, 1);
	} else
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_preview_list(struct arena *ar, struct store_conn *sc, int64_t article_id,
    size_t limit, struct preview_link **out, size_t *n)
{
	struct pg_conn	    *c = pg_conn_of(sc);
	struct preview_link *l;
	char		     b[2][24];
	const char	    *v[2] = { b[0], b[1] };
	PGresult	    *res;
	enum ng_err	     err;
	int		     i, rows, oom = 0;

	snprintf(b[0], sizeof(b[0]), "%lld", (long long)article_id);
	snprintf(b[1], sizeof(b[1]), "%zu", limit);
	if ((res = pg_exec_text(c,
		 "SELECT p.id, p.article_id, coalesce(u.login, ''), "
		 "p.created_at, p.expires_at, coalesce(p.revoked_at, 0) "
		 "FROM preview_links p LEFT JOIN users u ON "
		 "u.id = p.created_by WHERE p.article_id = $1::bigint "
		 "ORDER BY p.id DESC LIMIT $2::bigint",
		 2, v, &err)) == NULL)
		return err;
	rows = PQntuples(res);
	l = rows > 0 ? arena_calloc(ar, (size_t)rows, sizeof(*l)) : NULL;
	if (rows > 0 && l == NULL)
		oom = 1;
	for (i = 0; !oom && i < rows; i++) {
		l[i].id = pg_res_i64(res, i, 0);
		l[i].article_id = pg_res_i64(res, i, 1);
		l[i].created_by = arena_str(ar,
		    (struct str){ PQgetvalue(res, i, 2),
			(size_t)PQgetlength(res, i, 2) });
		if (l[i].created_by.p == NULL)
			oom = 1;
		l[i].created_at = pg_res_i64(res, i, 3);
		l[i].expires_at = pg_res_i64(res, i, 4);
		l[i].revoked_at = pg_res_i64(res, i, 5);
	}
	PQclear(res);
	if (oom)
		return NG_ENOMEM;
	*out = l;
	*n = (size_t)rows;
	return NG_OK;
}

enum ng_err
pg_preview_revoke(struct store_conn *sc, int64_t article_id, int64_t id,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	char		b[3][24];
	const char     *v[3] = { b[0], b[1], b[2] };
	PGresult       *res;
	enum ng_err	err;

	snprintf(b[0], sizeof(b[0]), "%lld", (long long)article_id);
	snprintf(b[1], sizeof(b[1]), "%lld", (long long)id);
	snprintf(b[2], sizeof(b[2]), "%lld", (long long)now);
	if ((res = pg_exec_text(c,
		 "UPDATE preview_links SET revoked_at = $3::bigint WHERE "
		 "id = $2::bigint AND article_id = $1::bigint AND "
		 "revoked_at IS NULL",
		 3, v, &err)) == NULL)
		return err;
	if (strcmp(PQcmdTuples(res), "0") == 0)
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}
