/*
 * pg_page.c -- static pages, WordPress IDs, old slugs and upload
 * paths, section parents in SQLite.  Input was checked by
 * store_page.c; this file only runs SQL.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "store/pg/pg_int.h"

/* Step a bound write; NG_ENOTFOUND when it changed no row. */
static enum ng_err
write_found(struct pg_conn *c, struct pg_stmt *s)
{
	enum ng_err err;

	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	return pg_changes(c) == 0 ? NG_ENOTFOUND : NG_OK;
}

/* Run a bound one-column integer lookup: NG_ENOTFOUND for no row. */
static enum ng_err
one_i64(struct pg_conn *c, struct pg_stmt *s, int64_t *out)
{
	enum ng_err err = NG_OK;
	int	    rc;

	*out = 0;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	*out = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

static int
bind_page(struct pg_conn *c, struct pg_stmt *s, const struct page *p)
{
	return pg_bind_ref(c, s, PPAR_WP_ID, p->wp_id) &&
	    pg_bind_ref(c, s, PPAR_PARENT_ID, p->parent_id) &&
	    pg_bind_text(c, s, PPAR_SLUG, p->slug) &&
	    pg_bind_text(c, s, PPAR_TITLE, p->title) &&
	    pg_bind_text(c, s, PPAR_FORMAT,
		str_c(store_body_format_name(p->format))) &&
	    pg_bind_text(c, s, PPAR_BODY_SRC, p->body_src) &&
	    pg_bind_text(c, s, PPAR_BODY_HTML, p->body_html.s) &&
	    pg_bind_text(c, s, PPAR_BODY_TEXT, p->body_text) &&
	    pg_bind_text(c, s, PPAR_STATUS,
		str_c(store_page_status_name(p->status))) &&
	    pg_bind_i64(c, s, PPAR_MENU_ORDER, p->menu_order) &&
	    pg_bind_ref(c, s, PPAR_AUTHOR_ID, p->author_id) &&
	    pg_bind_i64(c, s, PPAR_CREATED_AT, p->created_at) &&
	    pg_bind_ref(c, s, PPAR_PUBLISHED_AT, p->published_at) &&
	    pg_bind_i64(c, s, PPAR_UPDATED_AT, p->updated_at);
}

/* Path, version and first publication of page id. */
static enum ng_err
page_path(struct pg_rd *r, struct pg_conn *c, int64_t id, struct str *path,
    int64_t *version, int64_t *published_at)
{
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_PG_PATH)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	*path = pg_col_str(r, s, 0);
	*version = pg_col_i64(s, 1);
	*published_at = pg_col_i64(s, 2);
	pg_reset(s);
	return r->oom ? NG_ENOMEM : NG_OK;
}

/* 1 when path is a or lies under a ("a/b"). */
static int
under(struct str path, struct str a)
{
	return path.n >= a.n && memcmp(path.p, a.p, a.n) == 0 &&
	    (path.n == a.n || path.p[a.n] == '/');
}

/* Levels in a path: "a" is 1, "a/b" 2. */
static size_t
levels(struct str path)
{
	size_t i, n = 1;

	for (i = 0; i < path.n; i++)
		n += path.p[i] == '/';
	return n;
}

/*
 * The parent must exist, must not be the page or one of its
 * descendants, and the page must not end up too deep.
 */
static enum ng_err
check_parent(struct pg_rd *r, struct pg_conn *c, const struct page *p,
    struct str old)
{
	struct str  ppath;
	int64_t	    v, pub;
	enum ng_err err;

	if (p->parent_id == 0)
		return NG_OK;
	if ((err = page_path(r, c, p->parent_id, &ppath, &v, &pub)) != NG_OK)
		return err == NG_ENOTFOUND ? NG_EINVAL : err;
	if (p->id != 0 && under(ppath, old))
		return NG_EINVAL;
	if (levels(ppath) + 1 > STORE_PAGE_DEPTH_MAX ||
	    ppath.n + 1 + p->slug.n > STORE_PAGE_PATH_MAX)
		return NG_EINVAL;
	return NG_OK;
}

enum ng_err
pg_page_save(struct store_conn *sc, const struct page *p, int64_t user_id,
    int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar = NULL;
	struct pg_rd	r;
	struct str	old = STR_NULL, new = STR_NULL;
	struct page	n = *p;
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		pid = p->id, ver, pub;

	*id = 0;
	if ((ar = arena_new(4096)) == NULL)
		return NG_ENOMEM;
	r.ar = ar;
	r.oom = 0;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if (pid != 0 &&
	    (err = page_path(&r, c, pid, &old, &ver, &pub)) != NG_OK)
		goto out;
	if ((err = check_parent(&r, c, &n, old)) != NG_OK)
		goto out;
	if (pid != 0 && n.published_at == 0)
		n.published_at = pub;
	if (n.status == PAGE_PUBLISHED && n.published_at == 0)
		n.published_at = now;

	if (pid == 0) {
		if ((s = pg_stmt_get(c, STMT_PG_INSERT)) == NULL ||
		    !bind_page(c, s, &n)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
		pid = pg_last_id(c);
	} else {
		if ((s = pg_stmt_get(c, STMT_PG_UPDATE)) == NULL ||
		    !bind_page(c, s, &n) || !pg_bind_i64(c, s, PPAR_ID, pid) ||
		    !pg_bind_i64(c, s, PPAR_VERSION, n.version)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = pg_exec_stmt(c, s)) != NG_OK)
			goto out;
		if (pg_changes(c) == 0) {
			err = NG_ECONFLICT; /* the row exists: checked */
			goto out;
		}
		if ((err = page_path(&r, c, pid, &new, &ver, &pub)) != NG_OK)
			goto out;
		/* The descendants follow a renamed or moved page. */
		if (!str_eq(old, new)) {
			if ((s = pg_stmt_get(c, STMT_PG_MOVE_DESC)) == NULL ||
			    !pg_bind_text(c, s, 1, old) ||
			    !pg_bind_text(c, s, 2, new)) {
				err = NG_EDB;
				goto out;
			}
			if ((err = pg_exec_stmt(c, s)) != NG_OK)
				goto out;
		}
	}

	if ((s = pg_stmt_get(c, STMT_PG_REV_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, pid) || !pg_bind_i64(c, s, 2, now) ||
	    !pg_bind_text(c, s, 3, n.title) ||
	    !pg_bind_text(c, s, 4, str_c(store_body_format_name(n.format))) ||
	    !pg_bind_text(c, s, 5, n.body_src) ||
	    !pg_bind_ref(c, s, 6, user_id)) {
		err = NG_EDB;
		goto out;
	}
	err = pg_exec_stmt(c, s);
out:
	err = pg_tx_end(c, err);
	arena_free(ar);
	*id = err == NG_OK ? pid : 0;
	return err;
}

/* Status or format text of column i. */
static struct str
col_text(struct pg_stmt *s, int i)
{
	struct str t;

	t.p = (const char *)pg_col_text(s, i);
	t.n = (size_t)pg_col_bytes(s, i);
	if (t.p == NULL)
		t = str_c("");
	return t;
}

/* A pg_row_fn: row is a struct page (enum pcol). */
static void
page_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct page *p = row;

	memset(p, 0, sizeof(*p));
	p->id = pg_col_i64(s, PCOL_ID);
	p->wp_id = pg_col_i64(s, PCOL_WP_ID);
	p->parent_id = pg_col_i64(s, PCOL_PARENT_ID);
	p->slug = pg_col_str(r, s, PCOL_SLUG);
	p->path = pg_col_str(r, s, PCOL_PATH);
	p->title = pg_col_str(r, s, PCOL_TITLE);
	if (!store_body_format_parse(col_text(s, PCOL_FORMAT), &p->format))
		p->format = BODY_MARKDOWN;
	p->body_src = pg_col_str(r, s, PCOL_BODY_SRC);
	p->body_html = safe_html_trust(pg_col_str(r, s, PCOL_BODY_HTML));
	p->body_text = pg_col_str(r, s, PCOL_BODY_TEXT);
	if (!store_page_status_parse(col_text(s, PCOL_STATUS), &p->status))
		p->status = PAGE_DRAFT;
	p->menu_order = (int)pg_col_i64(s, PCOL_MENU_ORDER);
	p->author_id = pg_col_i64(s, PCOL_AUTHOR_ID);
	p->created_at = pg_col_i64(s, PCOL_CREATED_AT);
	p->published_at = pg_col_i64(s, PCOL_PUBLISHED_AT);
	p->updated_at = pg_col_i64(s, PCOL_UPDATED_AT);
	p->version = pg_col_i64(s, PCOL_VERSION);
	p->depth = (int)pg_col_i64(s, PCOL_DEPTH);
}

enum ng_err
pg_page_get(struct arena *ar, struct store_conn *sc, int by, int64_t id,
    struct str path, struct page *out)
{
	static const enum stmt by_stmt[] = { STMT_PG_BY_ID, STMT_PG_BY_PATH,
		STMT_PG_BY_OLD_PATH };
	struct pg_conn	      *c = pg_conn_of(sc);
	struct pg_rd	       r = { ar, 0 };
	struct pg_stmt	      *s;
	enum ng_err	       err = NG_OK;
	int		       rc, ok;

	if (by < 0 || by > 2 || (s = pg_stmt_get(c, by_stmt[by])) == NULL)
		return NG_EDB;
	ok = by == 0 ? pg_bind_i64(c, s, 1, id) : pg_bind_text(c, s, 1, path);
	if (!ok)
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	page_row(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_page_list(struct arena *ar, struct store_conn *sc, int status,
    struct page **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	int		ok;

	if ((s = pg_stmt_get(c, STMT_PG_LIST)) == NULL)
		return NG_EDB;
	ok = status < 0 ?
	    pg_bind_opt(c, s, 1, STR_NULL) :
	    pg_bind_text(c, s, 1,
		str_c(store_page_status_name((enum page_status)status)));
	if (!ok || !pg_bind_i64(c, s, 2, STORE_PAGE_LIST_MAX))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct page), page_row, out, n);
}

enum ng_err
pg_page_set_status(struct store_conn *sc, int64_t id, enum page_status status,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_PG_SET_STATUS)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) ||
	    !pg_bind_text(c, s, 2, str_c(store_page_status_name(status))) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_page_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		one;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = pg_stmt_get(c, STMT_PG_HAS_CHILDREN)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = one_i64(c, s, &one)) == NG_OK) {
		err = NG_ECONFLICT;
		goto out;
	}
	if (err != NG_ENOTFOUND)
		goto out;
	if ((s = pg_stmt_get(c, STMT_PG_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	err = write_found(c, s);
out:
	return pg_tx_end(c, err);
}

enum ng_err
pg_page_revision_list(struct arena *ar, struct store_conn *sc, int64_t page_id,
    struct revision **out, size_t *n)
{
	return pg_revisions_of(ar, pg_conn_of(sc), STMT_PG_REV_LIST, page_id,
	    out, n);
}

enum ng_err
pg_page_revision_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct revision *out)
{
	return pg_revision_one(ar, pg_conn_of(sc), STMT_PG_REV_GET, id, out);
}

/* --- WordPress IDs, old slugs, old uploads, section parents --- */

enum ng_err
pg_wp_id_set(struct store_conn *sc, enum wp_kind kind, int64_t id,
    int64_t wp_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, (enum stmt)(STMT_WP_SET_ARTICLE + kind))) ==
		NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_ref(c, s, 2, wp_id))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_wp_lookup(struct store_conn *sc, enum wp_kind kind, int64_t wp_id,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	*id = 0;
	if ((s = pg_stmt_get(c, (enum stmt)(STMT_WP_GET_ARTICLE + kind))) ==
		NULL ||
	    !pg_bind_i64(c, s, 1, wp_id))
		return NG_EDB;
	return one_i64(c, s, id);
}

enum ng_err
pg_wp_rows(struct arena *ar, struct store_conn *sc, enum wp_kind kind,
    int64_t after, size_t limit, struct wp_row **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct wp_row  *v = NULL;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	size_t		cap = 0, nv = 0;
	int		rc;

	*out = NULL;
	*n = 0;
	if ((s = pg_stmt_get(c, (enum stmt)(STMT_WP_ROWS_ARTICLE + kind))) ==
		NULL ||
	    !pg_bind_i64(c, s, 1, after) ||
	    !pg_bind_i64(c, s, 2, (int64_t)limit))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1) {
		if ((v = pg_vec_grow(ar, v, &cap, nv, sizeof(*v))) == NULL)
			return NG_ENOMEM;
		v[nv].id = pg_col_i64(s, 0);
		v[nv++].wp_id = pg_col_i64(s, 1);
	}
	if (rc < 0)
		return err;
	*out = v;
	*n = nv;
	return NG_OK;
}

enum ng_err
pg_old_slug_add(struct store_conn *sc, struct str slug, int64_t article_id,
    int64_t now)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_OLD_SLUG_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, slug) || !pg_bind_i64(c, s, 2, article_id) ||
	    !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_old_slug_lookup(struct store_conn *sc, struct str slug, int64_t *article_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	*article_id = 0;
	if ((s = pg_stmt_get(c, STMT_OLD_SLUG_GET)) == NULL ||
	    !pg_bind_text(c, s, 1, slug))
		return NG_EDB;
	return one_i64(c, s, article_id);
}

enum ng_err
pg_old_upload_add(struct store_conn *sc, struct str path, int64_t media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_OLD_UPLOAD_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, path) || !pg_bind_i64(c, s, 2, media_id))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_old_upload_lookup(struct store_conn *sc, struct str path, int64_t *media_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	*media_id = 0;
	if ((s = pg_stmt_get(c, STMT_OLD_UPLOAD_GET)) == NULL ||
	    !pg_bind_text(c, s, 1, path))
		return NG_EDB;
	return one_i64(c, s, media_id);
}

enum ng_err
pg_section_parent(struct store_conn *sc, int64_t id, int64_t *parent_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	*parent_id = 0;
	if ((s = pg_stmt_get(c, STMT_SECTION_PARENT)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return one_i64(c, s, parent_id);
}

/* Sections nest at most this deep; deeper chains are loops or abuse. */
#define SECTION_DEPTH_MAX 32

enum ng_err
pg_section_set_parent(struct store_conn *sc, int64_t id, int64_t parent_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int64_t		up = parent_id, next;
	int		i;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	/* Walk up from the new parent: meeting id would make a loop. */
	for (i = 0; up != 0; i++) {
		if (up == id || i == SECTION_DEPTH_MAX) {
			err = NG_EINVAL;
			goto out;
		}
		if ((err = pg_section_parent(sc, up, &next)) != NG_OK) {
			if (err == NG_ENOTFOUND)
				err = NG_EINVAL;
			goto out;
		}
		up = next;
	}
	if ((s = pg_stmt_get(c, STMT_SECTION_SET_PARENT)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_ref(c, s, 2, parent_id)) {
		err = NG_EDB;
		goto out;
	}
	err = write_found(c, s);
out:
	return pg_tx_end(c, err);
}
