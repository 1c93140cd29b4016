/*
 * sqlite_media.c -- the SQLite side of uploaded images: the
 * media table of 0001 and articles.featured_media_id.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

enum ng_err
sqlite_media_add(struct store_conn *sc, const struct media *m, int64_t now,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_MEDIA_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, m->path) ||
	    !sqlite_bind_text(c, s, 2, m->mime) ||
	    !sqlite_bind_i64(c, s, 3, m->width) ||
	    !sqlite_bind_i64(c, s, 4, m->height) ||
	    !sqlite_bind_opt(c, s, 5, m->alt) ||
	    !sqlite_bind_opt(c, s, 6, m->caption) ||
	    !sqlite_bind_opt(c, s, 7, m->credit) ||
	    !sqlite_bind_i64(c, s, 8, now) ||
	    !sqlite_bind_i64(c, s, 9, m->bytes) ||
	    !sqlite_bind_i64(c, s, 10, m->duration) ||
	    !sqlite_bind_opt(c, s, 11, m->filename))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

enum ng_err
sqlite_media_update(struct store_conn *sc, const struct media *m)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_stmt_get(c, STMT_MEDIA_UPDATE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, m->id) ||
	    !sqlite_bind_opt(c, s, 2, m->alt) ||
	    !sqlite_bind_opt(c, s, 3, m->caption) ||
	    !sqlite_bind_opt(c, s, 4, m->credit))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK &&
	    sqlite3_changes(c->db) == 0)
		err = NG_ENOTFOUND;
	return err;
}

/* The columns of STMT_MEDIA_GET and STMT_MEDIA_LIST. */
static void
media_row(struct sqlite_rd *r, sqlite3_stmt *s, struct media *m)
{
	m->id = sqlite_col_i64(s, 0);
	m->path = sqlite_col_str(r, s, 1);
	m->mime = sqlite_col_str(r, s, 2);
	m->width = sqlite_col_i64(s, 3);
	m->height = sqlite_col_i64(s, 4);
	m->alt = sqlite_col_str(r, s, 5);
	m->caption = sqlite_col_str(r, s, 6);
	m->credit = sqlite_col_str(r, s, 7);
	m->created_at = sqlite_col_i64(s, 8);
	m->bytes = sqlite_col_i64(s, 9);
	m->duration = sqlite_col_i64(s, 10);
	m->filename = sqlite_col_str(r, s, 11);
}

/* The one row of the bound statement s into out; NG_ENOTFOUND: none. */
static enum ng_err
media_one(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s,
    struct media *out)
{
	struct sqlite_rd r = { ar, 0 };
	enum ng_err	 err = NG_OK;
	int		 rc;

	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	media_row(&r, s, out);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_media_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct media *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_MEDIA_GET)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	return media_one(ar, c, s, out);
}

enum ng_err
sqlite_media_by_key(struct arena *ar, struct store_conn *sc, struct str key,
    struct media *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	char		    lo[80], hi[80];

	snprintf(lo, sizeof(lo), "%.*s/", (int)key.n, key.p);
	snprintf(hi, sizeof(hi), "%.*s0", (int)key.n, key.p);
	if ((s = sqlite_stmt_get(c, STMT_MEDIA_BY_KEY)) == NULL ||
	    !sqlite_bind_text(c, s, 1, str_c(lo)) ||
	    !sqlite_bind_text(c, s, 2, str_c(hi)))
		return NG_EDB;
	return media_one(ar, c, s, out);
}

/* The rows of the bound media statement s into *out, *n. */
static enum ng_err
media_rows(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s,
    struct media **out, size_t *n)
{
	struct sqlite_rd r = { ar, 0 };
	struct media	*v = NULL;
	enum ng_err	 err = NG_OK;
	size_t		 cap = 0;
	int		 rc;

	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, *n, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		media_row(&r, s, &v[*n]);
		(*n)++;
	}
	sqlite3_reset(s);
	if (err != NG_OK)
		return err;
	*out = v;
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_media_list(struct arena *ar, struct store_conn *sc, size_t offset,
    size_t limit, struct media **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_MEDIA_LIST)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, (int64_t)limit) ||
	    !sqlite_bind_i64(c, s, 2, (int64_t)offset))
		return NG_EDB;
	return media_rows(ar, c, s, out, n);
}

enum ng_err
sqlite_media_search(struct arena *ar, struct store_conn *sc, struct str q,
    size_t offset, size_t limit, struct media **out, size_t *n, size_t *total)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;

	if ((s = sqlite_stmt_get(c, STMT_MEDIA_COUNT)) == NULL ||
	    !sqlite_bind_text(c, s, 1, q))
		return NG_EDB;
	if (sqlite_step(c, s, &err) == 1) {
		*total = (size_t)sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	if (err != NG_OK)
		return err;
	if ((s = sqlite_stmt_get(c, STMT_MEDIA_SEARCH)) == NULL ||
	    !sqlite_bind_text(c, s, 1, q) ||
	    !sqlite_bind_i64(c, s, 2, (int64_t)limit) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)offset))
		return NG_EDB;
	return media_rows(ar, c, s, out, n);
}

enum ng_err
sqlite_media_usage(struct arena *ar, struct store_conn *sc, int64_t id,
    struct str frag, struct media_use **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct media_use   *v = NULL;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0;
	int64_t		    kind;
	int		    rc;

	*out = NULL;
	*n = 0;
	if ((s = sqlite_stmt_get(c, STMT_MEDIA_USAGE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) || !sqlite_bind_text(c, s, 2, frag))
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, *n, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		kind = sqlite_col_i64(s, 0);
		v[*n].kind = kind >= 0 && kind < MEDIA_USE__MAX ?
		    (enum media_use_kind)kind :
		    MEDIA_USE_ARTICLE;
		v[*n].id = sqlite_col_i64(s, 1);
		v[*n].title = sqlite_col_str(&r, s, 2);
		v[*n].status = sqlite_col_str(&r, s, 3);
		v[*n].body = sqlite3_column_type(s, 4) == SQLITE_NULL ?
		    STR_NULL :
		    sqlite_col_str(&r, s, 4);
		(*n)++;
	}
	sqlite3_reset(s);
	if (err != NG_OK)
		return err;
	*out = v;
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_media_delete(struct store_conn *sc, int64_t id, struct str key)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_stmt_get(c, STMT_MEDIA_DELETE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		return err;
	if (sqlite3_changes(c->db) == 0)
		return NG_ENOTFOUND;
	if ((s = sqlite_stmt_get(c, STMT_MEDIA_FILES_DELETE)) == NULL ||
	    !sqlite_bind_text(c, s, 1, key))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_article_featured(struct store_conn *sc, int64_t article_id,
    int64_t *media_id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	*media_id = 0;
	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_FEATURED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	*media_id = sqlite_col_i64(s, 0);
	sqlite3_reset(s);
	return NG_OK;
}

enum ng_err
sqlite_article_set_featured(struct store_conn *sc, int64_t article_id,
    int64_t media_id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_SET_FEATURED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id) ||
	    !sqlite_bind_ref(c, s, 2, media_id))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		return err;
	if (sqlite3_changes(c->db) == 0)
		return NG_ENOTFOUND;
	/* The picture is in the article's history like its text. */
	if ((s = sqlite_stmt_get(c,
		 c->bulk ? STMT_REVISION_FEATURED_FIX :
			   STMT_REVISION_FEATURED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id) ||
	    (!c->bulk && !sqlite_bind_i64(c, s, 2, (int64_t)time(NULL))))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

/*
 * Media bytes (migration 0016).  Seldom run on SQLite -- only what
 * `nutgraf db copy` brought -- so prepared per call.
 */
static sqlite3_stmt *
file_stmt(struct sqlite_conn *c, const char *sql, struct str key,
    struct str name)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		log_err("store: %s: %s", sql, sqlite3_errmsg(c->db));
		return NULL;
	}
	if (!sqlite_bind_text(c, s, 1, key) ||
	    !sqlite_bind_text(c, s, 2, name)) {
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

enum ng_err
sqlite_media_file_put(struct store_conn *sc, struct str key, struct str name,
    struct str bytes)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int		    rc;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = file_stmt(c,
		 "INSERT INTO media_files (media_key, name, bytes) "
		 "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
		 key, name)) == NULL)
		return sqlite_tx_end(c, NG_EDB);
	if ((rc = sqlite3_bind_blob64(s, 3, bytes.p, bytes.n, SQLITE_STATIC)) !=
	    SQLITE_OK)
		err = sqlite_db_err(c, rc, s);
	else if ((rc = sqlite3_step(s)) != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_media_file_get(struct arena *ar, struct store_conn *sc, struct str key,
    struct str name, struct str *bytes)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    n;
	char		   *p;
	int		    rc;

	if ((s = file_stmt(c,
		 "SELECT bytes FROM media_files WHERE media_key = ?1 "
		 "AND name = ?2",
		 key, name)) == NULL)
		return NG_EDB;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		n = (size_t)sqlite3_column_bytes(s, 0);
		if ((p = arena_alloc(ar, n + 1)) == NULL)
			err = NG_ENOMEM;
		else {
			if (n > 0)
				memcpy(p, sqlite3_column_blob(s, 0), n);
			p[n] = '\0';
			*bytes = (struct str){ p, n };
		}
	} else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_media_file_size(struct store_conn *sc, struct str key, struct str name,
    int64_t *size)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = file_stmt(c,
		 "SELECT length(bytes) FROM media_files WHERE "
		 "media_key = ?1 AND name = ?2",
		 key, name)) == NULL)
		return NG_EDB;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*size = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_article_pin(struct store_conn *sc, int64_t article_id, int on,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, on ? STMT_PIN_ADD : STMT_PIN_DELETE)) ==
		NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id) ||
	    (on && !sqlite_bind_i64(c, s, 2, now)))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_reads_add(struct store_conn *sc, int64_t article_id, int64_t hour,
    int64_t n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_READS_ADD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id) ||
	    !sqlite_bind_i64(c, s, 2, hour) || !sqlite_bind_i64(c, s, 3, n))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

enum ng_err
sqlite_reads_prune(struct store_conn *sc, int64_t before)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_READS_PRUNE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, before))
		return NG_EDB;
	return sqlite_exec_stmt(c, s);
}

/* The first column of every row of s, a bound list statement, as ids. */
static enum ng_err
ids_of(struct arena *ar, struct sqlite_conn *c, sqlite3_stmt *s, int64_t **ids,
    size_t *n)
{
	int64_t	   *v = NULL;
	enum ng_err err = NG_OK;
	size_t	    cap = 0;

	while (sqlite_step(c, s, &err) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, *n, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		v[(*n)++] = sqlite_col_i64(s, 0);
	}
	if (err != NG_OK)
		return err;
	*ids = v;
	return NG_OK;
}

enum ng_err
sqlite_most_read(struct arena *ar, struct store_conn *sc, int64_t since,
    int64_t now, size_t limit, int64_t **ids, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_MOST_READ)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, since) ||
	    !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)limit))
		return NG_EDB;
	return ids_of(ar, c, s, ids, n);
}

enum ng_err
sqlite_article_pins(struct arena *ar, struct store_conn *sc, int64_t now,
    size_t limit, int64_t **ids, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_PINS)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) ||
	    !sqlite_bind_i64(c, s, 2, (int64_t)limit))
		return NG_EDB;
	return ids_of(ar, c, s, ids, n);
}

enum ng_err
sqlite_media_pending_set(struct store_conn *sc, int64_t id, int pending)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	int64_t		    rows;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "UPDATE media SET pending = ?2 WHERE id = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_i64(c, s, 2, pending)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	err = sqlite_run_once(c, s, &rows);
	return err == NG_OK && rows == 0 ? NG_ENOTFOUND : err;
}

enum ng_err
sqlite_media_pending(struct arena *ar, struct store_conn *sc, size_t limit,
    struct media_pending **out, size_t *n)
{
	struct sqlite_conn   *c = sqlite_conn_of(sc);
	struct sqlite_rd      r = { .ar = ar };
	struct media_pending *v;
	sqlite3_stmt	     *s;
	enum ng_err	      err = NG_OK;
	int		      rc;

	if ((v = arena_alloc(ar, limit * sizeof(*v))) == NULL)
		return NG_ENOMEM;
	if ((s = sqlite_prep_once(c,
		 "SELECT id, path FROM media WHERE pending = 1 "
		 "ORDER BY id LIMIT ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, (int64_t)limit)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < limit) {
		v[*n].id = sqlite_col_i64(s, 0);
		v[*n].path = sqlite_col_str(&r, s, 1);
		(*n)++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	if (err == NG_OK && r.oom)
		err = NG_ENOMEM;
	*out = v;
	return err;
}
