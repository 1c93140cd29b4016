/*
 * sqlite_limit.c -- the SQLite side of the shared rate limits
 * (store_limit.c): the rate_events table of 0016.  Each call runs
 * inside the write transaction store_limit_take() holds; a comment
 * post is rare enough to prepare its statements per call.
 */
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

static sqlite3_stmt *
prep(struct sqlite_conn *c, const char *sql, struct str key)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_err("store: %s: %s", sql, sqlite3_errmsg(c->db));
		return NULL;
	}
	if (!sqlite_bind_text(c, s, 1, key)) {
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

/* Step s (bound) to its end, finalize it. */
static enum ng_err
run(struct sqlite_conn *c, sqlite3_stmt *s)
{
	enum ng_err err = NG_OK;
	int	    rc;

	if (s == NULL)
		return NG_EDB;
	if ((rc = sqlite3_step(s)) != SQLITE_DONE && rc != SQLITE_ROW)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_limit_prune(struct store_conn *sc, struct str key, int64_t key_before,
    int64_t all_before)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	s = prep(c,
	    "DELETE FROM rate_events WHERE (key = ?1 AND at <= ?2) "
	    "OR at <= ?3",
	    key);
	if (s != NULL &&
	    (!sqlite_bind_i64(c, s, 2, key_before) ||
		!sqlite_bind_i64(c, s, 3, all_before))) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	return run(c, s);
}

enum ng_err
sqlite_limit_nth(struct store_conn *sc, struct str key, int64_t since, size_t n,
    int64_t *at)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	*at = 0;
	if ((s = prep(c,
		 "SELECT at FROM rate_events WHERE key = ?1 AND at > ?2 "
		 "ORDER BY at DESC LIMIT 1 OFFSET ?3",
		 key)) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 2, since) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)n - 1)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*at = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_limit_add(struct store_conn *sc, struct str key, int64_t at)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	s = prep(c, "INSERT INTO rate_events (key, at) VALUES (?1, ?2)", key);
	if (s != NULL && !sqlite_bind_i64(c, s, 2, at)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	return run(c, s);
}
