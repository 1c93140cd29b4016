/*
 * pg_settings.c -- the settings of a read session, read once.
 *
 * A page asks for a dozen settings (site title, time zone, the comment
 * rules, ...), each a round trip to PostgreSQL when asked one by one:
 * on a site served from PostgreSQL that was half the statements of an
 * article page.  Inside a read session (store_read_begin(): one
 * REPEATABLE READ snapshot for the whole page) the table cannot change
 * under the page, so the first lookup reads every row and the others
 * answer from that copy.  Outside a session, or once a write has ended
 * the session's snapshot, lookups go to the database as before.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

/* More rows than this: not a settings table worth copying; ask. */
#define SETTINGS_MAX 512

void
pg_settings_forget(struct pg_conn *c)
{
	PQclear(c->settings);
	c->settings = NULL;
}

/* The session's copy: 1 ready, 0 no session (or too big), -1 failed. */
static int
snapshot(struct pg_conn *c, enum ng_err *err)
{
	PGresult *res;
	char	  name[16];

	if (!c->pinned || !c->session_tx || pg_autocommit(c))
		return 0;
	if (c->settings != NULL)
		return 1;
	if (pg_stmt_get(c, STMT_SETTINGS_ALL) == NULL) {
		*err = NG_EDB;
		return -1;
	}
	/* Run here, not by pg_step(): the result outlives the call. */
	snprintf(name, sizeof(name), "s%d", (int)STMT_SETTINGS_ALL);
	res = PQexecPrepared(c->db, name, 0, NULL, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, res, pg_sql[STMT_SETTINGS_ALL]);
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) > SETTINGS_MAX) {
		PQclear(res);
		return 0;
	}
	c->settings = res;
	return 1;
}

int
pg_setting_cached(struct pg_conn *c, struct pg_rd *r, struct str key,
    struct str *out, enum ng_err *err)
{
	const char *v;
	int	    i, n, rc;

	if ((rc = snapshot(c, err)) <= 0)
		return rc < 0 ? -1 : -2;
	n = PQntuples(c->settings);
	for (i = 0; i < n; i++) {
		if ((size_t)PQgetlength(c->settings, i, 0) != key.n ||
		    memcmp(PQgetvalue(c->settings, i, 0), key.p, key.n) != 0)
			continue;
		v = PQgetvalue(c->settings, i, 1);
		n = PQgetlength(c->settings, i, 1);
		*out = (struct str){ "", 0 };
		if (!PQgetisnull(c->settings, i, 1) && n > 0) {
			*out = arena_str(r->ar, (struct str){ v, (size_t)n });
			if (out->p == NULL) {
				r->oom = 1;
				*out = (struct str){ "", 0 };
			}
		}
		return 1;
	}
	return 0;
}
