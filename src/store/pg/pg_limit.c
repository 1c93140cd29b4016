/*
 * pg_limit.c -- the PostgreSQL side of the shared rate limits
 * (store_limit.c): the rate_events table of 0016.  Each call runs
 * inside the write transaction store_limit_take() holds, so the
 * advisory write lock (pg_int.h) makes "count, then add" one step for
 * every instance.  Unprepared: a comment post is rare.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/pg/pg_int.h"

/* sql with key as $1 and up to two numbers after it. */
static PGresult *
limit_query(struct pg_conn *c, const char *sql, struct str key, int nnum,
    int64_t a, int64_t b, enum ng_err *err)
{
	const char    *vals[3];
	int	       lens[3];
	char	       na[24], nb[24], *k;
	PGresult      *res;
	ExecStatusType st;

	*err = NG_OK;
	if ((k = strndup(key.p, key.n)) == NULL) {
		*err = NG_ENOMEM;
		return NULL;
	}
	snprintf(na, sizeof(na), "%lld", (long long)a);
	snprintf(nb, sizeof(nb), "%lld", (long long)b);
	vals[0] = k;
	vals[1] = na;
	vals[2] = nb;
	lens[0] = (int)strlen(k);
	lens[1] = lens[2] = 0;
	res = PQexecParams(c->db, sql, 1 + nnum, NULL, vals, lens, NULL, 0);
	free(k);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, res, sql);
		PQclear(res);
		return NULL;
	}
	return res;
}

enum ng_err
pg_limit_prune(struct store_conn *sc, struct str key, int64_t key_before,
    int64_t all_before)
{
	enum ng_err err;

	PQclear(limit_query(pg_conn_of(sc),
	    "DELETE FROM rate_events WHERE (key = $1 AND at <= $2::bigint) "
	    "OR at <= $3::bigint",
	    key, 2, key_before, all_before, &err));
	return err;
}

enum ng_err
pg_limit_nth(struct store_conn *sc, struct str key, int64_t since, size_t n,
    int64_t *at)
{
	PGresult   *res;
	enum ng_err err;

	*at = 0;
	if ((res = limit_query(pg_conn_of(sc),
		 "SELECT at FROM rate_events WHERE key = $1 AND "
		 "at > $2::bigint ORDER BY at DESC LIMIT 1 OFFSET $3::bigint",
		 key, 2, since, (int64_t)n - 1, &err)) == NULL)
		return err;
	if (PQntuples(res) == 1)
		*at = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		err = NG_ENOTFOUND;
	PQclear(res);
	return err;
}

enum ng_err
pg_limit_add(struct store_conn *sc, struct str key, int64_t at)
{
	enum ng_err err;

	PQclear(limit_query(pg_conn_of(sc),
	    "INSERT INTO rate_events (key, at) VALUES ($1, $2::bigint)", key, 1,
	    at, 0, &err));
	return err;
}
