/*
 * pg_comment.c -- the SQLite side of comments (store.h).
 *
 * An add runs in one BEGIN IMMEDIATE transaction: the guard checks
 * (duplicate, parent, queue cap) and the insert see the same state, and
 * COMMIT has written the row to the WAL before the handler answers 303.
 */
#include <stdint.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

/* Comment statuses as the schema's CHECK constraint spells them. */
static struct str
status_str(enum comment_status s)
{
	return str_c(store_comment_status_name(s));
}

static enum ng_err
col_status(struct pg_stmt *s, int i, enum comment_status *out)
{
	struct str v;

	v = (struct str){ (const char *)pg_col_text(s, i),
		(size_t)pg_col_bytes(s, i) };
	if (v.p == NULL || !store_comment_status_parse(v, out)) {
		log_err("store: comment with an unknown status");
		return NG_EDB;
	}
	return NG_OK;
}

/* Run a one-row, one-integer query whose parameters are bound. */
static enum ng_err
one_i64(struct pg_conn *c, struct pg_stmt *s, int64_t *out)
{
	enum ng_err err = NG_OK;
	int	    r;

	*out = 0;
	if ((r = pg_step(c, s, &err)) < 0)
		return err;
	if (r == 1) {
		*out = pg_col_i64(s, 0);
		pg_reset(s);
	}
	return NG_OK;
}

static enum ng_err
count_status(struct pg_conn *c, enum comment_status st, int64_t *n)
{
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_COMMENT_STATUS_COUNT)) == NULL ||
	    !pg_bind_text(c, s, 1, status_str(st)))
		return NG_EDB;
	return one_i64(c, s, n);
}

/* The parent's article, depth and status: 1 found, 0 not, -1 error. */
static int
parent_of(struct pg_conn *c, int64_t id, int64_t *article, int *depth,
    enum comment_status *status, enum ng_err *err)
{
	struct pg_stmt *s;
	int		r;

	if ((s = pg_stmt_get(c, STMT_COMMENT_PARENT)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		*err = NG_EDB;
		return -1;
	}
	if ((r = pg_step(c, s, err)) != 1)
		return r;
	*article = pg_col_i64(s, 0);
	*depth = (int)pg_col_i64(s, 1);
	*err = col_status(s, 2, status);
	pg_reset(s);
	return *err == NG_OK ? 1 : -1;
}

enum ng_err
pg_comment_add(struct store_conn *sc, const struct comment *cm,
    const struct comment_guard *g, int64_t *id)
{
	struct pg_conn	   *c = pg_conn_of(sc);
	struct pg_stmt	   *s;
	enum comment_status pst;
	enum ng_err	    err;
	int64_t		    part, n;
	int		    depth = 1, pdepth, r;

	*id = 0;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
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
		if ((s = pg_stmt_get(c, STMT_COMMENT_DUPLICATE)) == NULL ||
		    !pg_bind_i64(c, s, 1, cm->article_id) ||
		    !pg_bind_text(c, s, 2, cm->author) ||
		    !pg_bind_text(c, s, 3, cm->email) ||
		    !pg_bind_text(c, s, 4, cm->body) ||
		    !pg_bind_i64(c, s, 5, store_comment_body_key(cm->body))) {
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
	if ((s = pg_stmt_get(c, STMT_COMMENT_INSERT)) == NULL ||
	    !pg_bind_i64(c, s, 1, cm->article_id) ||
	    !pg_bind_ref(c, s, 2, cm->parent_id) ||
	    !pg_bind_i64(c, s, 3, depth) ||
	    !pg_bind_text(c, s, 4, status_str(cm->status)) ||
	    !pg_bind_text(c, s, 5, cm->author) ||
	    !pg_bind_text(c, s, 6, cm->email) ||
	    !pg_bind_opt(c, s, 7, cm->url) ||
	    !pg_bind_text(c, s, 8, cm->body) ||
	    !pg_bind_text(c, s, 9, cm->ip) ||
	    !pg_bind_text(c, s, 10, cm->user_agent) ||
	    !pg_bind_i64(c, s, 11, cm->created_at) ||
	    !pg_bind_i64(c, s, 12, store_comment_body_key(cm->body))) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
pg_comment_history(struct store_conn *sc, struct str email, int64_t parent_id,
    struct comment_history *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		n;
	int		r;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_COMMENT_EMAIL_APPROVED)) == NULL ||
	    !pg_bind_text(c, s, 1, email)) {
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
	return pg_tx_end(c, err);
}

enum ng_err
pg_comment_thread(struct arena *ar, struct store_conn *sc, int64_t article_id,
    struct comment **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct comment *v = NULL, *cm;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, nv = 0;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_COMMENT_THREAD)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) ||
	    !pg_bind_i64(c, s, 2, STORE_COMMENT_THREAD_MAX))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		cm = &v[nv++];
		memset(cm, 0, sizeof(*cm));
		cm->id = pg_col_i64(s, 0);
		cm->article_id = article_id;
		cm->parent_id = pg_col_i64(s, 1);
		cm->depth = (int)pg_col_i64(s, 2);
		cm->status = COMMENT_APPROVED;
		cm->author = pg_col_str(&r, s, 3);
		cm->url = pg_col_str(&r, s, 4);
		cm->body = pg_col_str(&r, s, 5);
		cm->created_at = pg_col_i64(s, 6);
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
pg_comment_count(struct store_conn *sc, int64_t article_id, size_t *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		n;

	if ((s = pg_stmt_get(c, STMT_COMMENT_COUNT)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	if ((err = one_i64(c, s, &n)) == NG_OK)
		*out = (size_t)n;
	return err;
}

static enum ng_err
load_comment(struct pg_rd *r, struct pg_stmt *s, struct comment *cm)
{
	memset(cm, 0, sizeof(*cm));
	cm->id = pg_col_i64(s, CCOL_ID);
	cm->article_id = pg_col_i64(s, CCOL_ARTICLE_ID);
	cm->parent_id = pg_col_i64(s, CCOL_PARENT_ID);
	cm->depth = (int)pg_col_i64(s, CCOL_DEPTH);
	cm->author = pg_col_str(r, s, CCOL_AUTHOR);
	cm->email = pg_col_str(r, s, CCOL_EMAIL);
	cm->url = pg_col_str(r, s, CCOL_URL);
	cm->body = pg_col_str(r, s, CCOL_BODY);
	cm->ip = pg_col_str(r, s, CCOL_IP);
	cm->user_agent = pg_col_str(r, s, CCOL_USER_AGENT);
	cm->created_at = pg_col_i64(s, CCOL_CREATED_AT);
	cm->article_slug = pg_col_str(r, s, CCOL_ART_SLUG);
	cm->article_title = pg_col_str(r, s, CCOL_ART_TITLE);
	cm->article_published_at = pg_col_i64(s, CCOL_ART_PUBLISHED_AT);
	if (r->oom)
		return NG_ENOMEM;
	return col_status(s, CCOL_STATUS, &cm->status);
}

enum ng_err
pg_comment_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct comment *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_COMMENT_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	err = load_comment(&r, s, out);
	pg_reset(s);
	return err;
}

enum ng_err
pg_comment_export(struct arena *ar, struct store_conn *sc, int64_t article_id,
    struct comment **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct comment *v = NULL;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, nv = 0;
	int		rc;

	*out = NULL;
	*n = 0;
	if ((s = pg_stmt_get(c, STMT_COMMENT_EXPORT)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL)
			return NG_ENOMEM;
		if ((err = load_comment(&r, s, &v[nv])) != NG_OK)
			return err;
		v[nv++].wp_id = pg_col_i64(s, CCOL_WP_ID);
	}
	if (rc < 0)
		return err;
	*out = v;
	*n = nv;
	return NG_OK;
}

enum ng_err
pg_comment_counts(struct store_conn *sc, struct comment_counts *out)
{
	struct pg_conn	   *c = pg_conn_of(sc);
	struct pg_stmt	   *s;
	enum comment_status st;
	enum ng_err	    err = NG_OK;
	int		    rc;

	memset(out, 0, sizeof(*out));
	if ((s = pg_stmt_get(c, STMT_COMMENT_COUNTS)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((err = col_status(s, 0, &st)) != NG_OK) {
			pg_reset(s);
			return err;
		}
		out->n[st] = (size_t)pg_col_i64(s, 1);
	}
	return rc < 0 ? err : NG_OK;
}

enum ng_err
pg_comment_list(struct arena *ar, struct store_conn *sc,
    enum comment_status status, size_t offset, size_t limit,
    struct comment_list *out)
{
	struct pg_conn	     *c = pg_conn_of(sc);
	struct pg_rd	      r = { ar, 0 };
	struct comment_counts cc;
	struct comment	     *v = NULL;
	struct pg_stmt	     *s;
	enum ng_err	      err;
	size_t		      cap = 0, nv = 0, total = 0, i;
	int		      rc;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((err = pg_comment_counts(sc, &cc)) != NG_OK)
		goto out;
	for (i = 0; i < COMMENT__MAX; i++)
		if (status == COMMENT__MAX || (size_t)status == i)
			total += cc.n[i];
	s = pg_stmt_get(c,
	    status == COMMENT__MAX ? STMT_COMMENT_LIST_ALL :
				     STMT_COMMENT_LIST_STATUS);
	if (s == NULL ||
	    (status != COMMENT__MAX &&
		!pg_bind_text(c, s, 1, status_str(status))) ||
	    !pg_bind_i64(c, s, 2, (int64_t)limit) ||
	    !pg_bind_i64(c, s, 3, (int64_t)offset)) {
		err = NG_EDB;
		goto out;
	}
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL) {
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
	return pg_tx_end(c, err);
}

/* Run an update or delete by id: NG_ENOTFOUND when no row changed. */
static enum ng_err
change_one(struct pg_conn *c, struct pg_stmt *s)
{
	enum ng_err err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((err = pg_exec_stmt(c, s)) == NG_OK && pg_changes(c) == 0)
		err = NG_ENOTFOUND;
	return pg_tx_end(c, err);
}

enum ng_err
pg_comment_set_status(struct store_conn *sc, int64_t id,
    enum comment_status status)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_COMMENT_SET_STATUS)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) ||
	    !pg_bind_text(c, s, 2, status_str(status)))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
pg_comment_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_COMMENT_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
pg_comment_edit(struct store_conn *sc, int64_t id, struct str author,
    struct str url, struct str body)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_COMMENT_EDIT)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, author) ||
	    !pg_bind_opt(c, s, 3, url) || !pg_bind_text(c, s, 4, body) ||
	    !pg_bind_i64(c, s, 5, store_comment_body_key(body)))
		return NG_EDB;
	return change_one(c, s);
}

enum ng_err
pg_setting_get_many(struct arena *ar, struct store_conn *sc,
    const char *const *keys, size_t n, struct str *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err;
	size_t		i;
	int		rc;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;
	for (i = 0; i < n; i++) {
		out[i] = STR_LIT("");
		rc = pg_setting_cached(c, &r, str_c(keys[i]), &out[i], &err);
		if (rc == -1)
			goto out;
		if (rc >= 0)
			continue; /* the read session's copy answered */
		if ((s = pg_stmt_get(c, STMT_SETTING_GET)) == NULL ||
		    !pg_bind_text(c, s, 1, str_c(keys[i]))) {
			err = NG_EDB;
			goto out;
		}
		if ((rc = pg_step(c, s, &err)) < 0)
			goto out;
		if (rc == 1) {
			out[i] = pg_col_str(&r, s, 0);
			pg_reset(s);
		}
	}
	err = r.oom ? NG_ENOMEM : NG_OK;
out:
	return pg_tx_end(c, err);
}
