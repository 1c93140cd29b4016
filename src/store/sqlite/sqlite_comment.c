/*
 * sqlite_comment.c -- the SQLite side of comments (store.h).
 *
 * An add runs in one BEGIN IMMEDIATE transaction: the guard checks
 * (duplicate, parent, queue cap) and the insert see the same state, and
 * COMMIT has written the row to the WAL before the handler answers 303.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* Comment statuses as the schema's CHECK constraint spells them. */
static struct str
status_str(enum comment_status s)
{
	return str_c(store_comment_status_name(s));
}

static enum ng_err
col_status(sqlite3_stmt *s, int i, enum comment_status *out)
{
	struct str v;

	v = (struct str){ (const char *)sqlite3_column_text(s, i),
		(size_t)sqlite3_column_bytes(s, i) };
	if (v.p == NULL || !store_comment_status_parse(v, out)) {
		log_err("store: comment with an unknown status");
		return NG_EDB;
	}
	return NG_OK;
}

/* Run a one-row, one-integer query whose parameters are bound. */
static enum ng_err
one_i64(struct sqlite_conn *c, sqlite3_stmt *s, int64_t *out)
{
	enum ng_err err = NG_OK;
	int	    r;

	*out = 0;
	if ((r = sqlite_step(c, s, &err)) < 0)
		return err;
	if (r == 1) {
		*out = sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return NG_OK;
}

static enum ng_err
count_status(struct sqlite_conn *c, enum comment_status st, int64_t *n)
{
	sqlite3_stmt *s;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_STATUS_COUNT)) == NULL ||
	    !sqlite_bind_text(c, s, 1, status_str(st)))
		return NG_EDB;
	return one_i64(c, s, n);
}

/* The parent's article, depth and status: 1 found, 0 not, -1 error. */
static int
parent_of(struct sqlite_conn *c, int64_t id, int64_t *article, int *depth,
    enum comment_status *status, enum ng_err *err)
{
	sqlite3_stmt *s;
	int	      r;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_PARENT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id)) {
		*err = NG_EDB;
		return -1;
	}
	if ((r = sqlite_step(c, s, err)) != 1)
		return r;
	*article = sqlite_col_i64(s, 0);
	*depth = (int)sqlite_col_i64(s, 1);
	*err = col_status(s, 2, status);
	sqlite3_reset(s);
	return *err == NG_OK ? 1 : -1;
}

enum ng_err
sqlite_comment_add(struct store_conn *sc, const struct comment *cm,
    const struct comment_guard *g, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum comment_status pst;
	enum ng_err	    err;
	int64_t		    part, n;
	int		    depth = 1, pdepth, r;

	*id = 0;
	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		goto out;
	if (cm->parent_id != 0) {
		r = parent_of(c, cm->parent_id, &part, &pdepth, &pst, &err);
		if (r < 0)
			goto out;
		if (r == 0 || part != cm->article_id ||
		    (g != NULL && g->parent_approved &&
			pst != COMMENT_APPROVED)) {
			err = NG_EINVAL;
			goto out;
		}
		depth = pdepth + 1;
	}
	if (g != NULL && g->no_duplicate) {
		if ((s = sqlite_stmt_get(c, STMT_COMMENT_DUPLICATE)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, cm->article_id) ||
		    !sqlite_bind_text(c, s, 2, cm->author) ||
		    !sqlite_bind_text(c, s, 3, cm->email) ||
		    !sqlite_bind_text(c, s, 4, cm->body) ||
		    !sqlite_bind_i64(c, s, 5,
			store_comment_body_key(cm->body))) {
			err = NG_EDB;
			goto out;
		}
		if ((err = one_i64(c, s, &n)) != NG_OK)
			goto out;
		if (n != 0) {
			err = NG_ECONFLICT;
			goto out;
		}
	}
	if (g != NULL && g->queue_max > 0 &&
	    (cm->status == COMMENT_PENDING || cm->status == COMMENT_SPAM)) {
		if ((err = count_status(c, cm->status, &n)) != NG_OK)
			goto out;
		if ((uint64_t)n >= (uint64_t)g->queue_max) {
			err = NG_ETOOBIG;
			goto out;
		}
	}
	if ((s = sqlite_stmt_get(c, STMT_COMMENT_INSERT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, cm->article_id) ||
	    !sqlite_bind_ref(c, s, 2, cm->parent_id) ||
	    !sqlite_bind_i64(c, s, 3, depth) ||
	    !sqlite_bind_text(c, s, 4, status_str(cm->status)) ||
	    !sqlite_bind_text(c, s, 5, cm->author) ||
	    !sqlite_bind_text(c, s, 6, cm->email) ||
	    !sqlite_bind_opt(c, s, 7, cm->url) ||
	    !sqlite_bind_text(c, s, 8, cm->body) ||
	    !sqlite_bind_text(c, s, 9, cm->ip) ||
	    !sqlite_bind_text(c, s, 10, cm->user_agent) ||
	    !sqlite_bind_i64(c, s, 11, cm->created_at) ||
	    !sqlite_bind_i64(c, s, 12, store_comment_body_key(cm->body))) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	err = sqlite_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
sqlite_comment_history(struct store_conn *sc, struct str email,
    int64_t parent_id, struct comment_history *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    n;
	int		    r;

	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((s = sqlite_stmt_get(c, STMT_COMMENT_EMAIL_APPROVED)) == NULL ||
	    !sqlite_bind_text(c, s, 1, email)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = one_i64(c, s, &n)) != NG_OK)
		goto out;
	out->email_approved = n != 0;
	if (parent_id != 0) {
		r = parent_of(c, parent_id, &out->parent_article_id,
		    &out->parent_depth, &out->parent_status, &err);
		if (r < 0)
			goto out;
		out->parent_found = r == 1;
	}
	err = NG_OK;
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_comment_thread(struct arena *ar, struct store_conn *sc,
    int64_t article_id, struct comment **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct comment	   *v = NULL, *cm;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0, nv = 0;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_THREAD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id) ||
	    !sqlite_bind_i64(c, s, 2, STORE_COMMENT_THREAD_MAX))
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		cm = &v[nv++];
		memset(cm, 0, sizeof(*cm));
		cm->id = sqlite_col_i64(s, 0);
		cm->article_id = article_id;
		cm->parent_id = sqlite_col_i64(s, 1);
		cm->depth = (int)sqlite_col_i64(s, 2);
		cm->status = COMMENT_APPROVED;
		cm->author = sqlite_col_str(&r, s, 3);
		cm->url = sqlite_col_str(&r, s, 4);
		cm->body = sqlite_col_str(&r, s, 5);
		cm->created_at = sqlite_col_i64(s, 6);
		cm->email = cm->ip = cm->user_agent = STR_LIT("");
		cm->article_slug = cm->article_title = STR_LIT("");
	}
	if (rc < 0)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	*out = v;
	*n = nv;
	return NG_OK;
}

enum ng_err
sqlite_comment_count(struct store_conn *sc, int64_t article_id, size_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    n;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_COUNT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	if ((err = one_i64(c, s, &n)) == NG_OK)
		*out = (size_t)n;
	return err;
}

static enum ng_err
load_comment(struct sqlite_rd *r, sqlite3_stmt *s, struct comment *cm)
{
	memset(cm, 0, sizeof(*cm));
	cm->id = sqlite_col_i64(s, CCOL_ID);
	cm->article_id = sqlite_col_i64(s, CCOL_ARTICLE_ID);
	cm->parent_id = sqlite_col_i64(s, CCOL_PARENT_ID);
	cm->depth = (int)sqlite_col_i64(s, CCOL_DEPTH);
	cm->author = sqlite_col_str(r, s, CCOL_AUTHOR);
	cm->email = sqlite_col_str(r, s, CCOL_EMAIL);
	cm->url = sqlite_col_str(r, s, CCOL_URL);
	cm->body = sqlite_col_str(r, s, CCOL_BODY);
	cm->ip = sqlite_col_str(r, s, CCOL_IP);
	cm->user_agent = sqlite_col_str(r, s, CCOL_USER_AGENT);
	cm->created_at = sqlite_col_i64(s, CCOL_CREATED_AT);
	cm->article_slug = sqlite_col_str(r, s, CCOL_ART_SLUG);
	cm->article_title = sqlite_col_str(r, s, CCOL_ART_TITLE);
	cm->article_published_at = sqlite_col_i64(s, CCOL_ART_PUBLISHED_AT);
	if (r->oom)
		return NG_ENOMEM;
	return col_status(s, CCOL_STATUS, &cm->status);
}

enum ng_err
sqlite_comment_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct comment *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_GET)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	err = load_comment(&r, s, out);
	sqlite3_reset(s);
	return err;
}

enum ng_err
sqlite_comment_export(struct arena *ar, struct store_conn *sc,
    int64_t article_id, struct comment **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct comment	   *v = NULL;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0, nv = 0;
	int		    rc;

	*out = NULL;
	*n = 0;
	if ((s = sqlite_stmt_get(c, STMT_COMMENT_EXPORT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL)
			return NG_ENOMEM;
		if ((err = load_comment(&r, s, &v[nv])) != NG_OK)
			return err;
		v[nv++].wp_id = sqlite_col_i64(s, CCOL_WP_ID);
	}
	if (rc < 0)
		return err;
	*out = v;
	*n = nv;
	return NG_OK;
}

enum ng_err
sqlite_comment_counts(struct store_conn *sc, struct comment_counts *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum comment_status st;
	enum ng_err	    err = NG_OK;
	int		    rc;

	memset(out, 0, sizeof(*out));
	if ((s = sqlite_stmt_get(c, STMT_COMMENT_COUNTS)) == NULL)
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((err = col_status(s, 0, &st)) != NG_OK) {
			sqlite3_reset(s);
			return err;
		}
		out->n[st] = (size_t)sqlite_col_i64(s, 1);
	}
	return rc < 0 ? err : NG_OK;
}

enum ng_err
sqlite_comment_list(struct arena *ar, struct store_conn *sc,
    enum comment_status status, size_t offset, size_t limit,
    struct comment_list *out)
{
	struct sqlite_conn   *c = sqlite_conn_of(sc);
	struct sqlite_rd      r = { ar, 0 };
	struct comment_counts cc;
	struct comment	     *v = NULL;
	sqlite3_stmt	     *s;
	enum ng_err	      err;
	size_t		      cap = 0, nv = 0, total = 0, i;
	int		      rc;

	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((err = sqlite_comment_counts(sc, &cc)) != NG_OK)
		goto out;
	for (i = 0; i < COMMENT__MAX; i++)
		if (status == COMMENT__MAX || (size_t)status == i)
			total += cc.n[i];
	s = sqlite_stmt_get(c,
	    status == COMMENT__MAX ? STMT_COMMENT_LIST_ALL :
				     STMT_COMMENT_LIST_STATUS);
	if (s == NULL ||
	    (status != COMMENT__MAX &&
		!sqlite_bind_text(c, s, 1, status_str(status))) ||
	    !sqlite_bind_i64(c, s, 2, (int64_t)limit) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)offset)) {
		err = NG_EDB;
		goto out;
	}
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) ==
		    NULL) {
			err = NG_ENOMEM;
			goto out;
		}
		if ((err = load_comment(&r, s, &v[nv++])) != NG_OK)
			goto out;
	}
	if (rc < 0)
		goto out;
	out->v = v;
	out->n = nv;
	out->total = total;
	err = NG_OK;
out:
	return sqlite_tx_end(c, err);
}

/* Run an update or delete by id: NG_ENOTFOUND when no row changed. */
static enum ng_err
change_one(struct sqlite_conn *c, sqlite3_stmt *s)
{
	enum ng_err err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK &&
	    sqlite3_changes(c->db) == 0)
		err = NG_ENOTFOUND;
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_comment_set_status(struct store_conn *sc, int64_t id,
    enum comment_status status)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_SET_STATUS)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, status_str(status)))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
sqlite_comment_delete(struct store_conn *sc, int64_t id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_DELETE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
sqlite_comment_edit(struct store_conn *sc, int64_t id, struct str author,
    struct str url, struct str body)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_COMMENT_EDIT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, author) ||
	    !sqlite_bind_opt(c, s, 3, url) ||
	    !sqlite_bind_text(c, s, 4, body) ||
	    !sqlite_bind_i64(c, s, 5, store_comment_body_key(body)))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
sqlite_setting_get_many(struct arena *ar, struct store_conn *sc,
    const char *const *keys, size_t n, struct str *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	size_t		    i;
	int		    rc;

	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;
	for (i = 0; i < n; i++) {
		out[i] = STR_LIT("");
		if ((s = sqlite_stmt_get(c, STMT_SETTING_GET)) == NULL ||
		    !sqlite_bind_text(c, s, 1, str_c(keys[i]))) {
			err = NG_EDB;
			goto out;
		}
		if ((rc = sqlite_step(c, s, &err)) < 0)
			goto out;
		if (rc == 1) {
			out[i] = sqlite_col_str(&r, s, 0);
			sqlite3_reset(s);
		}
	}
	err = r.oom ? NG_ENOMEM : NG_OK;
out:
	return sqlite_tx_end(c, err);
}
