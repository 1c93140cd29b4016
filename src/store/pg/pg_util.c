/*
 * pg_util.c -- helpers every file of the PostgreSQL backend uses: error
 * mapping, statement access and execution, transactions, binding and
 * reading columns.  Declared in pg_int.h.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/pg/pg_int.h"

struct pg_conn *
pg_conn_of(struct store_conn *c)
{
	return (struct pg_conn *)c;
}

/*
 * Map a failed result to ours by SQLSTATE class.  Class 23 (integrity
 * constraints) and 22 (data exceptions: a NUL byte or invalid UTF-8 in
 * text, a number out of range) are the caller's input; anything else is
 * the database failing and is logged here, once.
 */
enum ng_err
pg_db_err(struct pg_conn *c, const PGresult *res, const char *what)
{
	const char *state, *msg;

	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	msg = res != NULL ? PQresultErrorMessage(res) : "";
	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(c->db);
	if (state != NULL) {
		if (strcmp(state, "23505") == 0) {
			log_debug("store: conflict: %s", msg);
			return NG_ECONFLICT;
		}
		if (strncmp(state, "23", 2) == 0) {
			log_debug("store: rejected: %s", msg);
			return NG_EINVAL;
		}
		if (strcmp(state, "54000") == 0 ||
		    strcmp(state, "22001") == 0) {
			log_debug("store: too big: %s", msg);
			return NG_ETOOBIG;
		}
		if (strncmp(state, "22", 2) == 0) {
			log_debug("store: bad input: %s", msg);
			return NG_EINVAL;
		}
	}
	log_err("store: %s%s%s in \"%.80s\"", state != NULL ? state : "",
	    state != NULL ? ": " : "", msg, what != NULL ? what : "?");
	return NG_EDB;
}

enum ng_err
pg_exec_sql(struct pg_conn *c, const char *sql)
{
	PGresult      *res;
	enum ng_err    err = NG_OK;
	ExecStatusType st;

	res = PQexec(c->db, sql);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		err = pg_db_err(c, res, sql);
	PQclear(res);
	return err;
}

/*
 * The highest $N in sql (the statement's parameter count), and which
 * numbers are used.  A number the SQL skips is declared text (OID 25),
 * since PostgreSQL cannot infer a type for a parameter it never sees.
 * Dollar quoting ($$) never appears in pg_sql.c's statements.
 */
static int
count_params(const char *sql, Oid types[PG_PARAMS_MAX])
{
	const char *p;
	long	    v;
	int	    i, n = 0;

	for (i = 0; i < PG_PARAMS_MAX; i++)
		types[i] = 25;
	for (p = sql; (p = strchr(p, '$')) != NULL; p++) {
		if (p[1] < '0' || p[1] > '9')
			continue;
		v = strtol(p + 1, NULL, 10);
		if (v < 1 || v > PG_PARAMS_MAX)
			continue;
		types[v - 1] = 0; /* inferred */
		if (v > n)
			n = (int)v;
	}
	return n;
}

/* Prepare statement i on c: 1 done, 0 failed (reason in errbuf). */
static int
prepare_one(struct pg_conn *c, size_t i, char *errbuf, size_t errsz)
{
	PGresult *res;
	Oid	  types[PG_PARAMS_MAX];
	char	  name[16];
	int	  ok;

	c->stmt[i].nparams = count_params(pg_sql[i], types);
	snprintf(name, sizeof(name), "s%zu", i);
	res = PQprepare(c->db, name, pg_sql[i], c->stmt[i].nparams, types);
	ok = res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		snprintf(errbuf, errsz, "cannot prepare \"%.60s\": %s",
		    pg_sql[i],
		    res != NULL ? PQresultErrorMessage(res) :
				  PQerrorMessage(c->db));
	PQclear(res);
	c->stmt[i].ready = ok;
	return ok;
}

enum ng_err
pg_prepare_all(struct pg_conn *c, int all, char *errbuf, size_t errsz)
{
	size_t i;

	for (i = 0; i < STMT__MAX; i++) {
		if (pg_sql[i] == NULL) {
			snprintf(errbuf, errsz,
			    "PostgreSQL statement %zu has "
			    "no SQL",
			    i);
			return NG_EINVAL;
		}
		c->stmt[i].c = c;
		c->stmt[i].id = (int)i;
		c->stmt[i].ready = 0;
		c->stmt[i].write = strncmp(pg_sql[i], "INSERT", 6) == 0 ||
		    strncmp(pg_sql[i], "UPDATE", 6) == 0 ||
		    strncmp(pg_sql[i], "DELETE", 6) == 0;
		if (all && !prepare_one(c, i, errbuf, errsz))
			return NG_EDB;
	}
	c->prepared = 1;
	return NG_OK;
}

static void
clear_params(struct pg_stmt *s)
{
	int i;

	for (i = 0; i < PG_PARAMS_MAX; i++) {
		free(s->val[i]);
		s->val[i] = NULL;
		s->len[i] = 0;
	}
}

void
pg_reset(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
}

void
pg_stmt_clear(struct pg_stmt *s)
{
	pg_reset(s);
	clear_params(s);
}

struct pg_stmt *
pg_stmt_get(struct pg_conn *c, enum stmt id)
{
	struct pg_stmt *s = &c->stmt[id];

	char errbuf[256];

	if (!c->prepared) {
		log_err("store: statement %d used before prepare", (int)id);
		return NULL;
	}
	if (!s->ready && !prepare_one(c, id, errbuf, sizeof(errbuf))) {
		log_err("store: %s", errbuf);
		return NULL;
	}
	pg_reset(s);
	c->used[id] = 1;
	return s;
}

static int run_one(struct pg_conn *, struct pg_stmt *, enum ng_err *);

/*
 * Run s now.  A write statement outside a write transaction (the SQLite
 * backend's operations of one statement rely on autocommit) gets one of
 * its own, so that it too holds PG_WRITE_LOCK and notifies the other
 * instances, and ends a read session first.
 */
static int
run(struct pg_conn *c, struct pg_stmt *s, enum ng_err *err)
{
	int r, nested = c->nested;

	if (!s->write || c->in_write)
		return run_one(c, s, err);
	c->nested = 0;
	if ((*err = pg_tx_begin(c, 1)) != NG_OK) {
		c->nested = nested;
		return -1;
	}
	r = run_one(c, s, err);
	*err = pg_tx_end(c, r < 0 ? *err : NG_OK);
	c->nested = nested;
	if (*err != NG_OK) {
		pg_reset(s);
		return -1;
	}
	return r;
}

/* PQexecPrepared with s's parameters as text. */
static int
run_one(struct pg_conn *c, struct pg_stmt *s, enum ng_err *err)
{
	const char    *vals[PG_PARAMS_MAX];
	char	       name[16];
	ExecStatusType st;
	const char    *t;
	int	       i;

	for (i = 0; i < s->nparams; i++)
		vals[i] = s->val[i];
	snprintf(name, sizeof(name), "s%d", s->id);
	s->res = PQexecPrepared(c->db, name, s->nparams, vals, s->len, NULL, 0);
	st = s->res != NULL ? PQresultStatus(s->res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, s->res, pg_sql[s->id]);
		pg_reset(s);
		return -1;
	}
	s->nrows = PQntuples(s->res);
	s->row = -1;
	/*
	 * What sqlite3_changes() and sqlite3_last_insert_rowid() say, from
	 * the last write only: the COMMIT that follows must not clear them.
	 */
	if (s->write) {
		t = PQcmdTuples(s->res);
		c->changes = t != NULL && *t != '\0' ? strtoll(t, NULL, 10) : 0;
		if (s->nrows > 0 &&
		    strncmp(PQcmdStatus(s->res), "INSERT", 6) == 0)
			c->last_id = strtoll(PQgetvalue(s->res, 0, 0), NULL,
			    10);
	}
	return 0;
}

int
pg_step(struct pg_conn *c, struct pg_stmt *s, enum ng_err *err)
{
	if (s->res == NULL && run(c, s, err) < 0)
		return -1;
	if (s->row + 1 < s->nrows) {
		s->row++;
		return 1;
	}
	pg_reset(s);
	return 0;
}

enum ng_err
pg_exec_id(struct pg_conn *c, enum stmt id)
{
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, id)) == NULL)
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_exec_stmt(struct pg_conn *c, struct pg_stmt *s)
{
	enum ng_err err = NG_OK;

	pg_reset(s);
	if (run(c, s, &err) < 0)
		return err;
	pg_reset(s);
	return NG_OK;
}

int64_t
pg_changes(struct pg_conn *c)
{
	return c->changes;
}

int64_t
pg_last_id(struct pg_conn *c)
{
	return c->last_id;
}

int
pg_autocommit(struct pg_conn *c)
{
	return PQtransactionStatus(c->db) == PQTRANS_IDLE;
}

/*
 * Transactions.  A write takes PG_WRITE_LOCK first (the isolation
 * contract in pg_int.h).  One that a reader could see also appends to
 * the invalidation log before it commits (store_inval.c), whose trigger
 * notifies the other instances.
 */
enum ng_err
pg_tx_begin(struct pg_conn *c, int write)
{
	enum ng_err err;

	/*
	 * Inside a bulk transaction, or store_inval.c's write transaction:
	 * join it; its end decides.
	 */
	if (c->bulk || (c->wtx && !pg_autocommit(c))) {
		c->nested = 1;
		return NG_OK;
	}
	if (c->session_tx && !pg_autocommit(c)) {
		if (!write) {
			c->nested = 1;
			return NG_OK;
		}
		/* A write sees the latest data, not the session's. */
		c->session_tx = 0;
		if ((err = pg_exec_id(c, STMT_COMMIT)) != NG_OK)
			return err;
	}
	c->session_tx = 0;
	if (!write)
		return pg_exec_id(c, STMT_BEGIN_READ);
	if ((err = pg_exec_id(c, STMT_BEGIN_WRITE)) != NG_OK)
		return err;
	c->in_write = 1;
	if ((err = pg_exec_id(c, STMT_WRITE_LOCK)) != NG_OK) {
		(void)pg_exec_id(c, STMT_ROLLBACK);
		c->in_write = 0;
		return err;
	}
	return NG_OK;
}

enum ng_err
pg_tx_end(struct pg_conn *c, enum ng_err err)
{
	if (c->nested) {
		c->nested = 0;
		return err;
	}
	c->in_write = 0;
	if (pg_autocommit(c))
		return err;
	/* An aborted transaction can only roll back. */
	if (err == NG_OK && PQtransactionStatus(c->db) == PQTRANS_INERROR)
		err = NG_EDB;
	if (err == NG_OK)
		return pg_exec_id(c, STMT_COMMIT);
	if (pg_exec_id(c, STMT_ROLLBACK) != NG_OK)
		log_warn("store: rollback failed");
	return err;
}

/* Binding: every parameter goes as text, copied. */

static int
bind_bytes(struct pg_conn *c, struct pg_stmt *s, int idx, const char *p,
    size_t n)
{
	char *v;

	if (idx < 1 || idx > s->nparams) {
		log_err("store: bind $%d of %d in \"%.80s\"", idx, s->nparams,
		    pg_sql[s->id]);
		return 0;
	}
	if (n > INT_MAX) {
		log_err("store: bind $%d: %zu bytes", idx, n);
		return 0;
	}
	free(s->val[idx - 1]);
	s->val[idx - 1] = NULL;
	s->len[idx - 1] = 0;
	if (p == NULL)
		return 1;
	v = xmalloc(n + 1);
	memcpy(v, p, n);
	v[n] = '\0';
	s->val[idx - 1] = v;
	s->len[idx - 1] = (int)n;
	(void)c;
	return 1;
}

int
pg_bind_text(struct pg_conn *c, struct pg_stmt *s, int idx, struct str v)
{
	return bind_bytes(c, s, idx, v.p != NULL ? v.p : "", v.n);
}

int
pg_bind_opt(struct pg_conn *c, struct pg_stmt *s, int idx, struct str v)
{
	return bind_bytes(c, s, idx, v.n == 0 ? NULL : v.p, v.n);
}

int
pg_bind_i64(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v)
{
	char buf[24];
	int  n;

	n = snprintf(buf, sizeof(buf), "%" PRId64, v);
	return bind_bytes(c, s, idx, buf, (size_t)n);
}

int
pg_bind_ref(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v)
{
	if (v == 0)
		return bind_bytes(c, s, idx, NULL, 0);
	return pg_bind_i64(c, s, idx, v);
}

int
pg_bind_i64_if(struct pg_conn *c, struct pg_stmt *s, int idx, int64_t v)
{
	if (idx > s->nparams)
		return 1;
	return pg_bind_i64(c, s, idx, v);
}

int
pg_bind_double(struct pg_conn *c, struct pg_stmt *s, int idx, double v)
{
	char buf[40];
	int  n;

	n = snprintf(buf, sizeof(buf), "%.17g", v);
	return bind_bytes(c, s, idx, buf, (size_t)n);
}

/* Columns of the current row. */

static const char empty_str[] = "";

int
pg_col_null(struct pg_stmt *s, int i)
{
	if (s->res == NULL || s->row < 0 || i >= PQnfields(s->res))
		return 1;
	return PQgetisnull(s->res, s->row, i);
}

const unsigned char *
pg_col_text(struct pg_stmt *s, int i)
{
	if (pg_col_null(s, i))
		return NULL;
	return (const unsigned char *)PQgetvalue(s->res, s->row, i);
}

int
pg_col_bytes(struct pg_stmt *s, int i)
{
	if (pg_col_null(s, i))
		return 0;
	return PQgetlength(s->res, s->row, i);
}

struct str
pg_col_str(struct pg_rd *r, struct pg_stmt *s, int i)
{
	const unsigned char *p;
	struct str	     out;
	int		     n;

	if ((p = pg_col_text(s, i)) == NULL)
		return (struct str){ empty_str, 0 };
	if ((n = pg_col_bytes(s, i)) <= 0)
		return (struct str){ empty_str, 0 };
	out = arena_str(r->ar, (struct str){ (const char *)p, (size_t)n });
	if (out.p == NULL) {
		r->oom = 1;
		return (struct str){ empty_str, 0 };
	}
	return out;
}

/* Integers, and booleans ('t', 'f') as 1 and 0; NULL reads as 0. */
int64_t
pg_col_i64(struct pg_stmt *s, int i)
{
	const unsigned char *p;

	if ((p = pg_col_text(s, i)) == NULL)
		return 0;
	if (*p == 't')
		return 1;
	if (*p == 'f')
		return 0;
	return strtoll((const char *)p, NULL, 10);
}

void *
pg_vec_grow(struct arena *ar, void *v, size_t *cap, size_t n, size_t sz)
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
pg_rows(struct arena *ar, struct pg_conn *c, struct pg_stmt *s, size_t sz,
    pg_row_fn load, void *out, size_t *n)
{
	struct pg_rd   r = { ar, 0 };
	unsigned char *v = NULL;
	enum ng_err    err = NG_OK;
	size_t	       cap = 0, nv = 0;
	int	       rc;

	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sz)) == NULL) {
			pg_reset(s);
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

PGresult *
pg_exec_text(struct pg_conn *c, const char *sql, int n, const char *const *vals,
    enum ng_err *err)
{
	PGresult      *res;
	ExecStatusType st;

	res = PQexecParams(c->db, sql, n, NULL, vals, NULL, NULL, 0);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, res, sql);
		PQclear(res);
		return NULL;
	}
	*err = NG_OK;
	return res;
}

PGresult *
pg_exec_lease(struct pg_conn *c, const char *sql, int64_t now,
    int64_t lease_until, size_t limit, enum ng_err *err)
{
	char	    b[3][24];
	const char *v[3] = { b[0], b[1], b[2] };

	snprintf(b[0], sizeof(b[0]), "%lld", (long long)now);
	snprintf(b[1], sizeof(b[1]), "%lld", (long long)lease_until);
	snprintf(b[2], sizeof(b[2]), "%zu", limit);
	return pg_exec_text(c, sql, 3, v, err);
}

int64_t
pg_res_i64(PGresult *res, int i, int k)
{
	return strtoll(PQgetvalue(res, i, k), NULL, 10);
}
