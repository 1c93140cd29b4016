/*
 * sqlite_copy.c -- the SQLite side of `nutgraf db copy` (store_copy.c):
 * the catalog, whole tables read row by row, rows written with their
 * own ids, and the search index rebuilt at the end.
 *
 * Table and column names come from the catalog and store_copy.c has
 * checked them ([a-z0-9_]), so they are quoted into the SQL; every
 * value is bound.  Statements are prepared per table: a copy runs once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* The longest statement a copy writes: every column named twice. */
#define COPY_SQL_MAX 8192

static enum ng_err
prep(struct sqlite_conn *c, const char *sql, sqlite3_stmt **s)
{
	if (sqlite3_prepare_v2(c->db, sql, -1, s, NULL) != SQLITE_OK) {
		log_err("store: copy: %s in \"%.120s\"", sqlite3_errmsg(c->db),
		    sql);
		*s = NULL;
		return NG_EDB;
	}
	return NG_OK;
}

/* The first text column of every row of sql (one optional text $1). */
static enum ng_err
names(struct arena *ar, struct sqlite_conn *c, const char *sql, const char *arg,
    const char ***out, size_t *n)
{
	sqlite3_stmt *s;
	const char  **v = NULL;
	size_t	      cap = 0, nv = 0;
	enum ng_err   err;
	int	      rc;

	*out = NULL;
	*n = 0;
	if ((err = prep(c, sql, &s)) != NG_OK)
		return err;
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) ==
			NULL ||
		    (v[nv] = arena_strdup(ar,
			 (const char *)sqlite3_column_text(s, 0))) == NULL) {
			sqlite3_finalize(s);
			return NG_ENOMEM;
		}
		nv++;
	}
	err = rc == SQLITE_DONE ? NG_OK : sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	*out = v;
	*n = nv;
	return err;
}

enum ng_err
sqlite_copy_tables(struct arena *ar, struct store_conn *sc, const char ***out,
    size_t *n)
{
	/* SQLite's own tables, and the full-text index with its shadow
	 * tables: copy_finish() builds that again from the rows. */
	return names(ar, sqlite_conn_of(sc),
	    "SELECT name FROM sqlite_master WHERE type = 'table' AND "
	    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND "
	    "name NOT LIKE 'article\\_fts%' ESCAPE '\\' ORDER BY name",
	    NULL, out, n);
}

enum ng_err
sqlite_copy_columns(struct arena *ar, struct store_conn *sc, const char *table,
    const char ***cols, size_t *n)
{
	return names(ar, sqlite_conn_of(sc),
	    "SELECT name FROM pragma_table_info(?1) ORDER BY cid", table, cols,
	    n);
}

enum ng_err
sqlite_copy_long(struct store_conn *sc)
{
	(void)sc; /* no statement timeouts here */
	return NG_OK;
}

enum ng_err
sqlite_copy_read(struct store_conn *sc, const char *table,
    const char *const *cols, size_t ncols, store_row_fn fn, void *arg)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct store_value *v;
	sqlite3_stmt	   *s;
	char		    list[COPY_SQL_MAX], sql[COPY_SQL_MAX + 128];
	enum ng_err	    err = NG_OK;
	size_t		    i;
	int		    rc;

	if (!store_copy_col_list(list, sizeof(list), cols, ncols))
		return NG_EINVAL;
	snprintf(sql, sizeof(sql), "SELECT %s FROM \"%s\" ORDER BY 1", list,
	    table);
	if ((err = prep(c, sql, &s)) != NG_OK)
		return err;
	if ((v = calloc(ncols, sizeof(*v))) == NULL) {
		sqlite3_finalize(s);
		return NG_ENOMEM;
	}
	while (err == NG_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			switch (sqlite3_column_type(s, (int)i)) {
			case SQLITE_INTEGER:
				v[i].type = SV_INT;
				v[i].i = sqlite3_column_int64(s, (int)i);
				break;
			case SQLITE_FLOAT:
				v[i].type = SV_REAL;
				v[i].d = sqlite3_column_double(s, (int)i);
				break;
			case SQLITE_TEXT:
				v[i].type = SV_TEXT;
				v[i].s.p = (const char *)sqlite3_column_text(s,
				    (int)i);
				v[i].s.n = (size_t)sqlite3_column_bytes(s,
				    (int)i);
				break;
			case SQLITE_BLOB:
				v[i].type = SV_BLOB;
				v[i].s.p = sqlite3_column_blob(s, (int)i);
				v[i].s.n = (size_t)sqlite3_column_bytes(s,
				    (int)i);
				if (v[i].s.p == NULL)
					v[i].s.p = "";
				break;
			default:
				v[i].type = SV_NULL;
			}
		}
		err = fn(arg, v, ncols);
	}
	if (err == NG_OK && rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	free(v);
	sqlite3_finalize(s);
	return err;
}

static enum ng_err
exec_sql(struct sqlite_conn *c, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_err("store: copy: %s in \"%.120s\"",
		    msg != NULL ? msg : "?", sql);
		sqlite3_free(msg);
		return NG_EDB;
	}
	return NG_OK;
}

enum ng_err
sqlite_copy_clear(struct store_conn *sc, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", table);
	return exec_sql(sqlite_conn_of(sc), sql);
}

static int
bind_value(sqlite3_stmt *s, int idx, const struct store_value *v)
{
	switch (v->type) {
	case SV_INT:
		return sqlite3_bind_int64(s, idx, v->i);
	case SV_REAL:
		return sqlite3_bind_double(s, idx, v->d);
	case SV_TEXT:
		return sqlite3_bind_text64(s, idx, v->s.p, v->s.n,
		    SQLITE_STATIC, SQLITE_UTF8);
	case SV_BLOB:
		return v->s.n == 0 ?
		    sqlite3_bind_zeroblob(s, idx, 0) :
		    sqlite3_bind_blob64(s, idx, v->s.p, v->s.n, SQLITE_STATIC);
	default:
		return sqlite3_bind_null(s, idx);
	}
}

/* Run s with v bound from $1, then reset it. */
static enum ng_err
run_bound(struct sqlite_conn *c, sqlite3_stmt *s, const struct store_value *v,
    size_t n)
{
	enum ng_err err = NG_OK;
	size_t	    i;
	int	    rc;

	for (i = 0; i < n; i++)
		if ((rc = bind_value(s, (int)i + 1, &v[i])) != SQLITE_OK)
			return sqlite_db_err(c, rc, s);
	if ((rc = sqlite3_step(s)) != SQLITE_DONE) {
		err = sqlite_db_err(c, rc, s);
		log_err("store: copy: %s in \"%.120s\"", sqlite3_errmsg(c->db),
		    sqlite3_sql(s));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return err;
}

void
sqlite_copy_forget(struct sqlite_conn *c)
{
	sqlite3_finalize(c->copy_stmt);
	c->copy_stmt = NULL;
	c->copy_table[0] = '\0';
	c->copy_ncols = 0;
}

enum ng_err
sqlite_copy_insert(struct store_conn *sc, const char *table,
    const char *const *cols, size_t ncols, const struct store_value *v)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	char		    list[COPY_SQL_MAX], sql[2 * COPY_SQL_MAX];
	size_t		    i, off;
	enum ng_err	    err;

	if (c->copy_stmt == NULL || c->copy_ncols != ncols ||
	    strcmp(c->copy_table, table) != 0) {
		sqlite_copy_forget(c);
		if (strlen(table) >= sizeof(c->copy_table) ||
		    !store_copy_col_list(list, sizeof(list), cols, ncols))
			return NG_EINVAL;
		off = (size_t)snprintf(sql, sizeof(sql),
		    "INSERT INTO \"%s\" (%s) VALUES (", table, list);
		for (i = 0; i < ncols && off < sizeof(sql); i++)
			off += (size_t)snprintf(sql + off, sizeof(sql) - off,
			    "%s?%zu", i ? ", " : "", i + 1);
		if (off + 2 > sizeof(sql))
			return NG_EINVAL;
		memcpy(sql + off, ")", 2);
		if ((err = prep(c, sql, &c->copy_stmt)) != NG_OK)
			return err;
		snprintf(c->copy_table, sizeof(c->copy_table), "%s", table);
		c->copy_ncols = ncols;
	}
	return run_bound(c, c->copy_stmt, v, ncols);
}

enum ng_err
sqlite_copy_update(struct store_conn *sc, const char *table, const char *col,
    int64_t id, const struct store_value *v)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct store_value  args[2];
	sqlite3_stmt	   *s;
	char		    sql[256];
	enum ng_err	    err;

	snprintf(sql, sizeof(sql),
	    "UPDATE \"%s\" SET \"%s\" = ?1 WHERE id = ?2", table, col);
	if ((err = prep(c, sql, &s)) != NG_OK)
		return err;
	args[0] = *v;
	memset(&args[1], 0, sizeof(args[1]));
	args[1].type = SV_INT;
	args[1].i = id;
	err = run_bound(c, s, args, 2);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_copy_count(struct store_conn *sc, const char *table, int64_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	char		    sql[128];
	enum ng_err	    err;
	int		    rc;

	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((err = prep(c, sql, &s)) != NG_OK)
		return err;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_copy_finish(struct store_conn *sc)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);

	sqlite_copy_forget(c);
	/*
	 * The revision triggers indexed each article as its revisions went
	 * in; built again from the final rows so an article without any
	 * is found too.  The same document as 0003_search.sql's.
	 */
	return exec_sql(c,
	    "DELETE FROM article_fts; "
	    "INSERT INTO article_fts (rowid, title, dek, body, tags, author) "
	    "SELECT a.id, a.title, coalesce(a.dek, ''), a.body_text, "
	    "coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at "
	    "JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), ''), "
	    "coalesce(au.name, '') "
	    "FROM articles a LEFT JOIN authors au ON au.id = a.author_id");
}
