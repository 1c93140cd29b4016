/*
 * pg_copy.c -- the PostgreSQL side of `nutgraf db copy` (store_copy.c):
 * the catalog, whole tables streamed row by row (single-row mode, so a
 * table of media bytes is never all in memory), rows written with their
 * own ids, then the search index rebuilt and the identity sequences
 * moved past the ids the copy wrote ("BY DEFAULT" identities accept
 * them but do not advance).
 *
 * Table and column names come from the catalog and store_copy.c has
 * checked them ([a-z0-9_]), so they are quoted into the SQL; every
 * value is a parameter: text, except bytea, which goes binary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

#define COPY_SQL_MAX 8192
#define COPY_STMT    "ng_copy"

/* Type OIDs of the columns nutgraf's schema uses (pg_type.h). */
#define OID_BYTEA  17
#define OID_INT8   20
#define OID_INT2   21
#define OID_INT4   23
#define OID_FLOAT4 700
#define OID_FLOAT8 701

static enum ng_err
fail(struct pg_conn *c, PGresult *res, const char *sql)
{
	const char *msg = res != NULL ? PQresultErrorMessage(res) : "";
	enum ng_err err;

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(c->db);
	/* pg_db_err() logs what is the database's fault; a row the target
	 * refuses is worth a line here too, as it stops the copy. */
	if ((err = pg_db_err(c, res, sql)) != NG_EDB)
		log_err("store: copy: %.*s in \"%.120s\"",
		    (int)strcspn(msg, "\n"), msg, sql);
	PQclear(res);
	return err == NG_OK ? NG_EDB : err;
}

/* Every row's first column of sql (text $1 = arg when not NULL). */
static enum ng_err
names(struct arena *ar, struct pg_conn *c, const char *sql, const char *arg,
    const char ***out, size_t *n)
{
	PGresult    *res;
	const char **v;
	int	     i, nr;

	*out = NULL;
	*n = 0;
	res = PQexecParams(c->db, sql, arg != NULL ? 1 : 0, NULL, &arg, NULL,
	    NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail(c, res, sql);
	nr = PQntuples(res);
	if ((v = arena_alloc(ar, sizeof(*v) * (size_t)(nr + 1))) == NULL) {
		PQclear(res);
		return NG_ENOMEM;
	}
	for (i = 0; i < nr; i++)
		if ((v[i] = arena_strdup(ar, PQgetvalue(res, i, 0))) == NULL) {
			PQclear(res);
			return NG_ENOMEM;
		}
	PQclear(res);
	*out = v;
	*n = (size_t)nr;
	return NG_OK;
}

enum ng_err
pg_copy_tables(struct arena *ar, struct store_conn *sc, const char ***out,
    size_t *n)
{
	/* article_search is the search index: copy_finish() rebuilds it. */
	return names(ar, pg_conn_of(sc),
	    "SELECT tablename::text FROM pg_tables WHERE schemaname = "
	    "current_schema() AND tablename <> 'article_search' ORDER BY 1",
	    NULL, out, n);
}

enum ng_err
pg_copy_columns(struct arena *ar, struct store_conn *sc, const char *table,
    const char ***cols, size_t *n)
{
	return names(ar, pg_conn_of(sc),
	    "SELECT attname::text FROM pg_attribute WHERE attrelid = "
	    "to_regclass(quote_ident($1)) AND attnum > 0 AND NOT "
	    "attisdropped AND attgenerated = '' ORDER BY attnum",
	    table, cols, n);
}

enum ng_err
pg_copy_long(struct store_conn *sc)
{
	/* One transaction for the whole site: the session's timeouts
	 * (pg.c) are for serving. */
	return pg_exec_sql(pg_conn_of(sc),
	    "SET LOCAL statement_timeout = 0; "
	    "SET LOCAL idle_in_transaction_session_timeout = 0");
}

/* Row 0 of a single-row result into v; bytea unescaped into *held. */
static enum ng_err
load_row(PGresult *res, struct store_value *v, size_t n, unsigned char **held)
{
	const char *t;
	size_t	    i, len;

	for (i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		if (PQgetisnull(res, 0, (int)i)) {
			v[i].type = SV_NULL;
			continue;
		}
		t = PQgetvalue(res, 0, (int)i);
		switch (PQftype(res, (int)i)) {
		case OID_INT2:
		case OID_INT4:
		case OID_INT8:
			v[i].type = SV_INT;
			v[i].i = strtoll(t, NULL, 10);
			break;
		case OID_FLOAT4:
		case OID_FLOAT8:
			v[i].type = SV_REAL;
			v[i].d = strtod(t, NULL);
			break;
		case OID_BYTEA:
			if ((held[i] = PQunescapeBytea((const unsigned char *)t,
				 &len)) == NULL)
				return NG_ENOMEM;
			v[i].type = SV_BLOB;
			v[i].s = (struct str){ (const char *)held[i], len };
			break;
		default:
			v[i].type = SV_TEXT;
			v[i].s = (struct str){ t,
				(size_t)PQgetlength(res, 0, (int)i) };
		}
	}
	return NG_OK;
}

enum ng_err
pg_copy_read(struct store_conn *sc, const char *table, const char *const *cols,
    size_t ncols, store_row_fn fn, void *arg)
{
	struct pg_conn	   *c = pg_conn_of(sc);
	struct store_value *v;
	unsigned char	  **held;
	PGresult	   *res;
	char		    list[COPY_SQL_MAX], sql[COPY_SQL_MAX + 128];
	enum ng_err	    err = NG_OK;
	ExecStatusType	    st;
	size_t		    i;

	if (!store_copy_col_list(list, sizeof(list), cols, ncols))
		return NG_EINVAL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\" ORDER BY 1", list,
	    table);
	v = calloc(ncols, sizeof(*v));
	held = calloc(ncols, sizeof(*held));
	if (v == NULL || held == NULL) {
		free(v);
		free(held);
		return NG_ENOMEM;
	}
	if (!PQsendQueryParams(c->db, sql, 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(c->db)) {
		free(v);
		free(held);
		return fail(c, NULL, sql);
	}
	/* Every result is taken, even after a failure: the connection is
	 * only free again once the last one is. */
	while ((res = PQgetResult(c->db)) != NULL) {
		st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE && err == NG_OK) {
			if ((err = load_row(res, v, ncols, held)) == NG_OK)
				err = fn(arg, v, ncols);
			for (i = 0; i < ncols; i++) {
				PQfreemem(held[i]);
				held[i] = NULL;
			}
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK &&
		    err == NG_OK) {
			err = fail(c, res, sql);
			continue;
		}
		PQclear(res);
	}
	free(v);
	free(held);
	return err;
}

enum ng_err
pg_copy_clear(struct store_conn *sc, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", table);
	return pg_exec_sql(pg_conn_of(sc), sql);
}

/*
 * v as libpq parameters: text for numbers and text (copied, for its
 * NUL), binary for bytea.  bufs gets what to free.
 */
static enum ng_err
params(const struct store_value *v, size_t n, const char **vals, int *lens,
    int *fmts, char **bufs)
{
	size_t i;

	for (i = 0; i < n; i++) {
		bufs[i] = NULL;
		lens[i] = 0;
		fmts[i] = 0;
		switch (v[i].type) {
		case SV_NULL:
			vals[i] = NULL;
			continue;
		case SV_INT:
			if ((bufs[i] = malloc(24)) != NULL)
				snprintf(bufs[i], 24, "%lld",
				    (long long)v[i].i);
			break;
		case SV_REAL:
			/* %.17g reads back as the same double. */
			if ((bufs[i] = malloc(32)) != NULL)
				snprintf(bufs[i], 32, "%.17g", v[i].d);
			break;
		case SV_TEXT:
			bufs[i] = strndup(v[i].s.p, v[i].s.n);
			break;
		case SV_BLOB:
			if (v[i].s.n > INT32_MAX)
				return NG_ETOOBIG;
			vals[i] = v[i].s.p;
			lens[i] = (int)v[i].s.n;
			fmts[i] = 1;
			continue;
		}
		if (bufs[i] == NULL)
			return NG_ENOMEM;
		vals[i] = bufs[i];
	}
	return NG_OK;
}

static void
free_params(char **bufs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(bufs[i]);
}

/* Run the prepared COPY_STMT, or sql when it is not NULL, with v. */
static enum ng_err
run_with(struct pg_conn *c, const char *sql, const struct store_value *v,
    size_t n)
{
	const char **vals;
	char	   **bufs;
	int	    *lens, *fmts;
	PGresult    *res;
	enum ng_err  err;

	vals = calloc(n, sizeof(*vals));
	bufs = calloc(n, sizeof(*bufs));
	lens = calloc(n, sizeof(*lens));
	fmts = calloc(n, sizeof(*fmts));
	if (vals == NULL || bufs == NULL || lens == NULL || fmts == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	if ((err = params(v, n, vals, lens, fmts, bufs)) != NG_OK)
		goto out;
	res = sql != NULL ?
	    PQexecParams(c->db, sql, (int)n, NULL, vals, lens, fmts, 0) :
	    PQexecPrepared(c->db, COPY_STMT, (int)n, vals, lens, fmts, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		err = fail(c, res, sql != NULL ? sql : c->copy_table);
	else
		PQclear(res);
out:
	if (bufs != NULL)
		free_params(bufs, n);
	free(vals);
	free(bufs);
	free(lens);
	free(fmts);
	return err;
}

void
pg_copy_forget(struct pg_conn *c)
{
	if (c->copy_ncols > 0 && PQstatus(c->db) == CONNECTION_OK)
		PQclear(PQexec(c->db, "DEALLOCATE " COPY_STMT));
	c->copy_table[0] = '\0';
	c->copy_ncols = 0;
}

enum ng_err
pg_copy_insert(struct store_conn *sc, const char *table,
    const char *const *cols, size_t ncols, const struct store_value *v)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	char		list[COPY_SQL_MAX], sql[2 * COPY_SQL_MAX];
	size_t		i, off;

	if (c->copy_ncols != ncols || strcmp(c->copy_table, table) != 0) {
		pg_copy_forget(c);
		if (strlen(table) >= sizeof(c->copy_table) ||
		    !store_copy_col_list(list, sizeof(list), cols, ncols))
			return NG_EINVAL;
		/* OVERRIDING: an identity's "ALWAYS" would refuse the id. */
		off = (size_t)snprintf(sql, sizeof(sql),
		    "INSERT INTO \"%s\" (%s) OVERRIDING SYSTEM VALUE VALUES (",
		    table, list);
		for (i = 0; i < ncols && off < sizeof(sql); i++)
			off += (size_t)snprintf(sql + off, sizeof(sql) - off,
			    "%s$%zu", i ? ", " : "", i + 1);
		if (off + 2 > sizeof(sql))
			return NG_EINVAL;
		memcpy(sql + off, ")", 2);
		res = PQprepare(c->db, COPY_STMT, sql, (int)ncols, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return fail(c, res, sql);
		PQclear(res);
		snprintf(c->copy_table, sizeof(c->copy_table), "%s", table);
		c->copy_ncols = ncols;
	}
	return run_with(c, NULL, v, ncols);
}

enum ng_err
pg_copy_update(struct store_conn *sc, const char *table, const char *col,
    int64_t id, const struct store_value *v)
{
	struct store_value args[2];
	char		   sql[256];

	snprintf(sql, sizeof(sql),
	    "UPDATE \"%s\" SET \"%s\" = $1 WHERE id = $2::bigint", table, col);
	args[0] = *v;
	memset(&args[1], 0, sizeof(args[1]));
	args[1].type = SV_INT;
	args[1].i = id;
	return run_with(pg_conn_of(sc), sql, args, 2);
}

enum ng_err
pg_copy_count(struct store_conn *sc, const char *table, int64_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	char		sql[128];

	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	res = PQexec(c->db, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return fail(c, res, sql);
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return NG_OK;
}

enum ng_err
pg_copy_finish(struct store_conn *sc)
{
	struct pg_conn *c = pg_conn_of(sc);

	pg_copy_forget(c);
	return pg_exec_sql(c,
	    /* The index, from the final rows (0003's document). */
	    "DELETE FROM article_search; "
	    "INSERT INTO article_search (id, doc) "
	    "SELECT id, article_search_doc(id, 0) FROM articles; "
	    /* Each identity's next value: one past the highest id. */
	    "DO $$ DECLARE r record; BEGIN "
	    "FOR r IN SELECT c.relname, a.attname FROM pg_attribute a "
	    "JOIN pg_class c ON c.oid = a.attrelid "
	    "JOIN pg_namespace n ON n.oid = c.relnamespace "
	    "WHERE n.nspname = current_schema() AND a.attidentity <> '' "
	    "AND NOT a.attisdropped LOOP "
	    "EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), "
	    "coalesce((SELECT max(%I) FROM %I), 0) + 1, false)', "
	    "quote_ident(r.relname), r.attname, r.attname, r.relname); "
	    "END LOOP; END $$; "
	    /*
	     * The planner's statistics, at the commit: without them a
	     * table filled in one transaction looks empty until
	     * autovacuum comes by, and the front page's list took a
	     * bitmap scan of every article (25 times slower).
	     */
	    "ANALYZE");
}
