/*
 * sqlite_util.c -- helpers every file of the SQLite backend uses: error
 * mapping, statement access, transactions, binding and reading columns.
 * Declared in sqlite_int.h.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

struct sqlite_conn *
sqlite_conn_of(struct store_conn *c)
{
	return (struct sqlite_conn *)c;
}

/*
 * Map a failed call's result code to ours.  Constraint failures are the
 * caller's input (a taken slug, a missing author) and are not logged as
 * errors; anything else is a database failure and is logged here, once,
 * with SQLite's message and the statement it came from.
 */
enum ng_err
sqlite_db_err(struct sqlite_conn *c, int rc, sqlite3_stmt *s)
{
	const char *sql = s != NULL ? sqlite3_sql(s) : NULL;

	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		log_debug("store: conflict: %s", sqlite3_errmsg(c->db));
		return NG_ECONFLICT;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
	case SQLITE_CONSTRAINT_DATATYPE:
		log_debug("store: rejected: %s", sqlite3_errmsg(c->db));
		return NG_EINVAL;
	case SQLITE_TOOBIG:
		log_debug("store: too big: %s", sqlite3_errmsg(c->db));
		return NG_ETOOBIG;
	case SQLITE_FULL:
		/* The one line an operator must find: what to do is clear. */
		log_err("store: the disk holding the database is full: writes "
			"are refused (503) until space is freed; nothing "
			"acknowledged is lost");
		return NG_EDB;
	default:
		log_err("store: %s (%d) in \"%.80s\"", sqlite3_errmsg(c->db),
		    rc, sql != NULL ? sql : "?");
		return NG_EDB;
	}
}

/*
 * The statement id, prepared on first use (normally at open, by
 * sqlite_prepare; the migration statements need to run before the
 * schema exists) and marked for reset at idle.  NULL after logging.
 */
sqlite3_stmt *
sqlite_stmt_get(struct sqlite_conn *c, enum stmt id)
{
	int rc;

	if (c->stmt[id] == NULL) {
		rc = sqlite3_prepare_v3(c->db, sqlite_sql[id], -1,
		    SQLITE_PREPARE_PERSISTENT, &c->stmt[id], NULL);
		if (rc != SQLITE_OK) {
			log_err("store: cannot prepare \"%.80s\": %s",
			    sqlite_sql[id], sqlite3_errmsg(c->db));
			c->stmt[id] = NULL;
			return NULL;
		}
	}
	c->used[id] = 1;
	return c->stmt[id];
}

/*
 * Step s.  Returns 1 for a row, 0 when done (and resets s), -1 on error
 * with *err set (and s reset).
 */
int
sqlite_step(struct sqlite_conn *c, sqlite3_stmt *s, enum ng_err *err)
{
	int rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	*err = sqlite_db_err(c, rc, s);
	sqlite3_reset(s);
	return -1;
}

/* Run a statement that returns no rows we need. */
enum ng_err
sqlite_exec_id(struct sqlite_conn *c, enum stmt id)
{
	sqlite3_stmt *s;
	enum ng_err   err = NG_OK;
	int	      r;

	if ((s = sqlite_stmt_get(c, id)) == NULL)
		return NG_EDB;
	while ((r = sqlite_step(c, s, &err)) == 1)
		continue;
	return r < 0 ? err : NG_OK;
}

enum ng_err
sqlite_exec_stmt(struct sqlite_conn *c, sqlite3_stmt *s)
{
	enum ng_err err = NG_OK;
	int	    r;

	while ((r = sqlite_step(c, s, &err)) == 1)
		continue;
	return r < 0 ? err : NG_OK;
}

/*
 * End a transaction: commit if err is NG_OK (a failed commit becomes the
 * result), roll back otherwise.
 */
enum ng_err
sqlite_tx_begin(struct sqlite_conn *c, int write)
{
	enum ng_err err;

	/*
	 * Inside a bulk transaction, or store_inval.c's write transaction:
	 * join it; its end decides.
	 */
	if (c->bulk || (c->wtx && !sqlite3_get_autocommit(c->db))) {
		c->nested = 1;
		return NG_OK;
	}
	if (c->session_tx && !sqlite3_get_autocommit(c->db)) {
		if (!write) {
			c->nested = 1;
			return NG_OK;
		}
		/* A write sees the latest data, not the session's. */
		c->session_tx = 0;
		if ((err = sqlite_exec_id(c, STMT_COMMIT)) != NG_OK)
			return err;
	}
	c->session_tx = 0;
	return sqlite_exec_id(c, write ? STMT_BEGIN_WRITE : STMT_BEGIN_READ);
}

enum ng_err
sqlite_tx_end(struct sqlite_conn *c, enum ng_err err)
{
	if (c->nested) {
		c->nested = 0;
		return err;
	}
	if (sqlite3_get_autocommit(c->db))
		return err;
	if (err == NG_OK)
		return sqlite_exec_id(c, STMT_COMMIT);
	if (sqlite_exec_id(c, STMT_ROLLBACK) != NG_OK)
		log_warn("store: rollback failed");
	return err;
}

/* Bind helpers.  A bind only fails on a programming error: log it. */

int
sqlite_bind_fail(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int rc)
{
	log_err("store: bind ?%d: %s in \"%.80s\"", idx, sqlite3_errstr(rc),
	    sqlite3_sql(s));
	(void)c;
	return 0;
}

/* Text that may be empty (never NULL in the database). */
int
sqlite_bind_text(struct sqlite_conn *c, sqlite3_stmt *s, int idx, struct str v)
{
	int rc;

	rc = sqlite3_bind_text64(s, idx, v.p != NULL ? v.p : "", v.n,
	    SQLITE_STATIC, SQLITE_UTF8);
	return rc == SQLITE_OK ? 1 : sqlite_bind_fail(c, s, idx, rc);
}

/* Optional text: empty is stored as NULL. */
int
sqlite_bind_opt(struct sqlite_conn *c, sqlite3_stmt *s, int idx, struct str v)
{
	int rc;

	if (v.n == 0)
		rc = sqlite3_bind_null(s, idx);
	else
		rc = sqlite3_bind_text64(s, idx, v.p, v.n, SQLITE_STATIC,
		    SQLITE_UTF8);
	return rc == SQLITE_OK ? 1 : sqlite_bind_fail(c, s, idx, rc);
}

int
sqlite_bind_i64(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int64_t v)
{
	int rc;

	rc = sqlite3_bind_int64(s, idx, v);
	return rc == SQLITE_OK ? 1 : sqlite_bind_fail(c, s, idx, rc);
}

/* Optional reference or time: 0 is stored as NULL. */
int
sqlite_bind_ref(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int64_t v)
{
	int rc;

	rc = v == 0 ? sqlite3_bind_null(s, idx) : sqlite3_bind_int64(s, idx, v);
	return rc == SQLITE_OK ? 1 : sqlite_bind_fail(c, s, idx, rc);
}

/*
 * Bind a parameter that only some statements of a family use (enum
 * lpar); statements that do not reference idx are left alone.
 */
int
sqlite_bind_i64_if(struct sqlite_conn *c, sqlite3_stmt *s, int idx, int64_t v)
{
	if (idx > sqlite3_bind_parameter_count(s))
		return 1;
	return sqlite_bind_i64(c, s, idx, v);
}

/* Column helpers. */

static const char empty_str[] = "";

/*
 * A text column copied into the arena (NUL-terminated).  NULL reads as
 * the empty string, never a NULL pointer, so templates and printf are
 * safe with any field.
 */
struct str
sqlite_col_str(struct sqlite_rd *r, sqlite3_stmt *s, int i)
{
	const unsigned char *p;
	struct str	     out;
	int		     n;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return (struct str){ empty_str, 0 };
	/* _text before _bytes: the order SQLite documents. */
	p = sqlite3_column_text(s, i);
	n = sqlite3_column_bytes(s, i);
	if (p == NULL || n <= 0) {
		if (p == NULL && n > 0)
			r->oom = 1;
		return (struct str){ empty_str, 0 };
	}
	out = arena_str(r->ar, (struct str){ (const char *)p, (size_t)n });
	if (out.p == NULL) {
		r->oom = 1;
		return (struct str){ empty_str, 0 };
	}
	return out;
}

int64_t
sqlite_col_i64(sqlite3_stmt *s, int i)
{
	return sqlite3_column_int64(s, i);
}

/*
 * Grow an arena vector of elements of size sz to hold n + 1.  Arena
 * memory cannot be resized, so the old block is abandoned: doubling
 * keeps the waste under half.
 */
void *
sqlite_vec_grow(struct arena *ar, void *v, size_t *cap, size_t n, size_t sz)
{
	void  *nv;
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap == 0 ? 8 : *cap * 2;
	if ((nv = arena_calloc(ar, ncap, sz)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(nv, v, n * sz);
	*cap = ncap;
	return nv;
}

enum ng_err
sqlite_rows(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s, size_t sz,
    sqlite_row_fn load, void *out, size_t *n)
{
	struct sqlite_rd r = { ar, 0 };
	unsigned char	*v = NULL;
	enum ng_err	 err = NG_OK;
	size_t		 cap = 0, nv = 0;
	int		 rc;

	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sz)) == NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		load(&r, s, v + sz * nv++);
	}
	if (rc < 0)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	memcpy(out, &v, sizeof(v));
	*n = nv;
	return NG_OK;
}

enum ng_err
sqlite_lease_due(struct arena *ar, struct sqlite_conn *c, const char *due_sql,
    const char *lease_sql, int64_t now, int64_t lease_until, size_t limit,
    size_t sz, sqlite_row_fn load, size_t id_off, void *out, size_t *n)
{
	const unsigned char *rows = NULL;
	sqlite3_stmt	    *s;
	enum ng_err	     err;
	int64_t		     id;
	size_t		     i;

	*n = 0;
	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = sqlite_prep_once(c, due_sql)) == NULL) {
		err = sqlite_tx_end(c, NG_EDB);
		goto out;
	}
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sz, load, &rows, n);
	sqlite3_finalize(s);
	for (i = 0; err == NG_OK && i < *n; i++) {
		if ((s = sqlite_prep_once(c, lease_sql)) == NULL) {
			err = NG_EDB;
			break;
		}
		memcpy(&id, rows + i * sz + id_off, sizeof(id));
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, lease_until);
		err = sqlite_run_once(c, s, NULL);
	}
	err = sqlite_tx_end(c, err);
out:
	if (err != NG_OK) {
		rows = NULL;
		*n = 0;
	}
	memcpy(out, &rows, sizeof(rows));
	return err;
}

enum ng_err
sqlite_write_found(struct sqlite_conn *c, sqlite3_stmt *s)
{
	enum ng_err err;

	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		return err;
	return sqlite3_changes(c->db) == 0 ? NG_ENOTFOUND : NG_OK;
}

sqlite3_stmt *
sqlite_prep_once(struct sqlite_conn *c, const char *sql)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_err("store: %s: %s", sql, sqlite3_errmsg(c->db));
		return NULL;
	}
	return s;
}

enum ng_err
sqlite_run_once(struct sqlite_conn *c, sqlite3_stmt *s, int64_t *rows)
{
	enum ng_err err = NG_OK;
	int	    rc;

	if ((rc = sqlite3_step(s)) != SQLITE_DONE && rc != SQLITE_ROW)
		err = sqlite_db_err(c, rc, s);
	if (rows != NULL)
		*rows = err == NG_OK ? sqlite3_changes(c->db) : 0;
	sqlite3_finalize(s);
	return err;
}
