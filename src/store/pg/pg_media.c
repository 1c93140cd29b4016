/*
 * pg_media.c -- the SQLite side of uploaded images: the
 * media table of 0001 and articles.featured_media_id.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/pg/pg_int.h"

enum ng_err
pg_media_add(struct store_conn *sc, const struct media *m, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_MEDIA_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, m->path) ||
	    !pg_bind_text(c, s, 2, m->mime) ||
	    !pg_bind_i64(c, s, 3, m->width) ||
	    !pg_bind_i64(c, s, 4, m->height) || !pg_bind_opt(c, s, 5, m->alt) ||
	    !pg_bind_opt(c, s, 6, m->caption) ||
	    !pg_bind_opt(c, s, 7, m->credit) || !pg_bind_i64(c, s, 8, now))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

/* The columns of STMT_MEDIA_GET and STMT_MEDIA_LIST. */
static void
media_row(struct pg_rd *r, struct pg_stmt *s, struct media *m)
{
	m->id = pg_col_i64(s, 0);
	m->path = pg_col_str(r, s, 1);
	m->mime = pg_col_str(r, s, 2);
	m->width = pg_col_i64(s, 3);
	m->height = pg_col_i64(s, 4);
	m->alt = pg_col_str(r, s, 5);
	m->caption = pg_col_str(r, s, 6);
	m->credit = pg_col_str(r, s, 7);
	m->created_at = pg_col_i64(s, 8);
}

enum ng_err
pg_media_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct media *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_MEDIA_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	media_row(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_media_list(struct arena *ar, struct store_conn *sc, size_t offset,
    size_t limit, struct media **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct media   *v = NULL;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	size_t		cap = 0;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_MEDIA_LIST)) == NULL ||
	    !pg_bind_i64(c, s, 1, (int64_t)limit) ||
	    !pg_bind_i64(c, s, 2, (int64_t)offset))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, *n, sizeof(*v))) == NULL) {
			pg_reset(s);
			return NG_ENOMEM;
		}
		media_row(&r, s, &v[*n]);
		(*n)++;
	}
	pg_reset(s);
	if (err != NG_OK)
		return err;
	*out = v;
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_article_featured(struct store_conn *sc, int64_t article_id,
    int64_t *media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	*media_id = 0;
	if ((s = pg_stmt_get(c, STMT_ARTICLE_FEATURED)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 && err == NG_OK ? NG_ENOTFOUND : err;
	*media_id = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

enum ng_err
pg_article_set_featured(struct store_conn *sc, int64_t article_id,
    int64_t media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((s = pg_stmt_get(c, STMT_ARTICLE_SET_FEATURED)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) ||
	    !pg_bind_ref(c, s, 2, media_id))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	return pg_changes(c) == 0 ? NG_ENOTFOUND : NG_OK;
}
