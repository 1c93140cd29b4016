/*
 * pg_newsroom.c -- the PostgreSQL backend's newsroom operations (issue
 * 4): the editors' article list, revisions, the scheduler's publishing,
 * corrections, autosaves and the management of sections, authors and
 * tags.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

/* Columns of STMT_ADMIN_LIST. */
enum lcol {
	LCOL_ID,
	LCOL_SLUG,
	LCOL_TITLE,
	LCOL_STATUS,
	LCOL_CREATED_AT,
	LCOL_PUBLISHED_AT,
	LCOL_UPDATED_AT,
	LCOL_VERSION,
	LCOL_AUTHOR_ID,
	LCOL_SECTION_ID,
	LCOL_AU_NAME,
	LCOL_AU_SLUG,
	LCOL_SE_NAME,
	LCOL_SE_SLUG
};

/* Status text of column i into *out; 0 for an unknown one. */
static int
col_status(struct pg_stmt *s, int i, enum article_status *out)
{
	struct str t;

	t.p = (const char *)pg_col_text(s, i);
	t.n = (size_t)pg_col_bytes(s, i);
	return t.p != NULL && store_status_parse(t, out);
}

static int
bind_filters(struct pg_conn *c, struct pg_stmt *s,
    const struct article_admin_query *q)
{
	const char *status = "";

	if (q->status >= 0)
		status = store_status_name((enum article_status)q->status);
	return pg_bind_text(c, s, 1, str_c(status)) &&
	    pg_bind_i64(c, s, 2, q->section_id) &&
	    pg_bind_i64(c, s, 3, q->author_id) &&
	    pg_bind_text(c, s, 4, q->search) && pg_bind_i64(c, s, 5, q->from) &&
	    pg_bind_i64(c, s, 6, q->to);
}

enum ng_err
pg_article_admin_list(struct arena *ar, struct store_conn *sc,
    const struct article_admin_query *q, struct article_list *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct article *a;
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_ADMIN_COUNT)) == NULL ||
	    !bind_filters(c, s, q)) {
		err = NG_EDB;
		goto out;
	}
	if ((rc = pg_step(c, s, &err)) < 0)
		goto out;
	if (rc == 1) {
		out->total = (size_t)pg_col_i64(s, 0);
		pg_reset(s);
	}
	if (q->offset >= out->total)
		goto out;
	if ((out->v = arena_calloc(ar, q->limit, sizeof(*out->v))) == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	if ((s = pg_stmt_get(c, STMT_ADMIN_LIST)) == NULL ||
	    !bind_filters(c, s, q) ||
	    !pg_bind_i64(c, s, 7, (int64_t)q->limit) ||
	    !pg_bind_i64(c, s, 8, (int64_t)q->offset)) {
		err = NG_EDB;
		goto out;
	}
	while (out->n < q->limit && (rc = pg_step(c, s, &err)) == 1) {
		a = &out->v[out->n];
		a->id = pg_col_i64(s, LCOL_ID);
		a->slug = pg_col_str(&r, s, LCOL_SLUG);
		a->title = pg_col_str(&r, s, LCOL_TITLE);
		a->created_at = pg_col_i64(s, LCOL_CREATED_AT);
		a->published_at = pg_col_i64(s, LCOL_PUBLISHED_AT);
		a->updated_at = pg_col_i64(s, LCOL_UPDATED_AT);
		a->version = pg_col_i64(s, LCOL_VERSION);
		a->author_id = a->author.id = pg_col_i64(s, LCOL_AUTHOR_ID);
		a->section_id = a->section.id = pg_col_i64(s, LCOL_SECTION_ID);
		a->author.name = pg_col_str(&r, s, LCOL_AU_NAME);
		a->author.slug = pg_col_str(&r, s, LCOL_AU_SLUG);
		a->section.name = pg_col_str(&r, s, LCOL_SE_NAME);
		a->section.slug = pg_col_str(&r, s, LCOL_SE_SLUG);
		if (!col_status(s, LCOL_STATUS, &a->status)) {
			log_err("store: article %lld has an unknown status",
			    (long long)a->id);
			pg_reset(s);
			err = NG_EDB;
			goto out;
		}
		out->n++;
	}
	if (rc < 0)
		goto out;
	pg_reset(s);
	if (r.oom)
		err = NG_ENOMEM;
out:
	if (pg_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

enum ng_err
pg_article_status_counts(struct store_conn *sc, size_t counts[ARTICLE__MAX])
{
	struct pg_conn	   *c = pg_conn_of(sc);
	struct pg_stmt	   *s;
	enum article_status st;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = pg_stmt_get(c, STMT_STATUS_COUNTS)) == NULL)
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1)
		if (col_status(s, 0, &st))
			counts[st] = (size_t)pg_col_i64(s, 1);
	return rc < 0 ? err : NG_OK;
}

/* A pg_row_fn: row is a struct revision. */
static void
load_revision(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct revision *rv = row;
	rv->id = pg_col_i64(s, 0);
	rv->article_id = pg_col_i64(s, 1);
	rv->created_at = pg_col_i64(s, 2);
	rv->title = pg_col_str(r, s, 3);
	rv->dek = pg_col_str(r, s, 4);
	rv->body_md = pg_col_str(r, s, 5);
	rv->user_id = pg_col_i64(s, 6);
	rv->user_name = pg_col_str(r, s, 7);
	/* STMT_REVISION_GET goes on with the fields of 0025. */
	if (PQnfields(s->res) < 18 || pg_col_null(s, 17))
		return;
	rv->has_fields = 1;
	rv->author_id = pg_col_i64(s, 8);
	rv->kicker = pg_col_str(r, s, 9);
	rv->section_id = pg_col_i64(s, 10);
	rv->tags = pg_col_str(r, s, 11);
	rv->source_name = pg_col_str(r, s, 12);
	rv->source_url = pg_col_str(r, s, 13);
	rv->canonical_url = pg_col_str(r, s, 14);
	rv->seo_title = pg_col_str(r, s, 15);
	rv->seo_description = pg_col_str(r, s, 16);
	rv->featured = pg_col_i64(s, 17);
	/* 0029's bylines, NULL in an older revision. */
	if (PQnfields(s->res) < 19 || pg_col_null(s, 18))
		return;
	rv->authors_kept = 1;
	rv->authors = pg_col_str(r, s, 18);
}

/*
 * The revisions, or one revision, that statement st reads (article and
 * page revisions share struct revision and these columns).
 */
enum ng_err
pg_revisions_of(struct arena *ar, struct pg_conn *c, enum stmt st,
    int64_t owner, struct revision **out, size_t *n)
{
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, st)) == NULL || !pg_bind_i64(c, s, 1, owner))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct revision), load_revision, out,
	    n);
}

enum ng_err
pg_revision_one(struct arena *ar, struct pg_conn *c, enum stmt st, int64_t id,
    struct revision *out)
{
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, st)) == NULL || !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	load_revision(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_revision_list(struct arena *ar, struct store_conn *sc, int64_t article_id,
    struct revision **out, size_t *n)
{
	return pg_revisions_of(ar, pg_conn_of(sc), STMT_REVISION_LIST,
	    article_id, out, n);
}

enum ng_err
pg_revision_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct revision *out)
{
	return pg_revision_one(ar, pg_conn_of(sc), STMT_REVISION_GET, id, out);
}

enum ng_err
pg_revision_set_user(struct store_conn *sc, int64_t article_id, int64_t user_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_REVISION_SET_USER)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id) || !pg_bind_ref(c, s, 2, user_id))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

/*
 * One UPDATE statement is one transaction: all due articles or none.
 * RETURNING names exactly the rows this statement moved, so another
 * instance publishing at the same moment never reports the same article.
 */
enum ng_err
pg_article_publish_due(struct store_conn *sc, int64_t now, struct arena *ar,
    int64_t **ids, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	*n = 0;
	if ((s = pg_stmt_get(c, STMT_PUBLISH_DUE)) == NULL ||
	    !pg_bind_i64(c, s, 1, now))
		return NG_EDB;
	while ((rc = pg_step(c, s, &err)) == 1)
		if (store_ids_push(ar, ids, n, pg_col_i64(s, 0)) != NG_OK) {
			pg_reset(s);
			return NG_ENOMEM;
		}
	return rc < 0 ? err : NG_OK;
}

enum ng_err
pg_article_next_due(struct store_conn *sc, int64_t *when)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	*when = 0;
	if ((s = pg_stmt_get(c, STMT_NEXT_DUE)) == NULL)
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0 || pg_col_null(s, 0)) {
		if (rc == 1)
			pg_reset(s);
		return NG_ENOTFOUND;
	}
	*when = pg_col_i64(s, 0);
	pg_reset(s);
	return NG_OK;
}

static const char *const kind_names[CORRECTION__MAX] = {
	"correction", /* CORRECTION_CORRECTION */
	"update",     /* CORRECTION_UPDATE */
};

enum ng_err
pg_correction_add(struct store_conn *sc, const struct correction *co,
    int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_CORRECTION_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, co->article_id) ||
	    !pg_bind_text(c, s, 2, str_c(kind_names[co->kind])) ||
	    !pg_bind_text(c, s, 3, co->body) || !pg_bind_i64(c, s, 4, now) ||
	    !pg_bind_ref(c, s, 5, co->user_id)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	*id = pg_last_id(c);
	if ((s = pg_stmt_get(c, STMT_CORRECTION_TOUCH)) == NULL ||
	    !pg_bind_i64(c, s, 1, co->article_id) ||
	    !pg_bind_i64(c, s, 2, now)) {
		err = NG_EDB;
		goto out;
	}
	err = pg_exec_stmt(c, s);
out:
	err = pg_tx_end(c, err);
	if (err != NG_OK)
		*id = 0;
	return err;
}

/* A pg_row_fn: row is a struct correction. */
static void
correction_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct correction *co = row;
	struct str	   kind;

	co->id = pg_col_i64(s, 0);
	co->article_id = pg_col_i64(s, 1);
	kind.p = (const char *)pg_col_text(s, 2);
	kind.n = (size_t)pg_col_bytes(s, 2);
	co->kind = str_eqc(kind, "update") ? CORRECTION_UPDATE :
					     CORRECTION_CORRECTION;
	co->body = pg_col_str(r, s, 3);
	co->created_at = pg_col_i64(s, 4);
	co->user_id = pg_col_i64(s, 5);
}

enum ng_err
pg_correction_list(struct arena *ar, struct store_conn *sc, int64_t article_id,
    struct correction **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_CORRECTION_LIST)) == NULL ||
	    !pg_bind_i64(c, s, 1, article_id))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct correction), correction_row, out,
	    n);
}

enum ng_err
pg_autosave_put(struct store_conn *sc, const struct autosave *as)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_AUTOSAVE_PUT)) == NULL ||
	    !pg_bind_i64(c, s, 1, as->user_id) ||
	    !pg_bind_i64(c, s, 2, as->article_id) ||
	    !pg_bind_text(c, s, 3, as->title) ||
	    !pg_bind_text(c, s, 4, as->dek) ||
	    !pg_bind_text(c, s, 5, as->body_md) ||
	    !pg_bind_i64(c, s, 6, as->saved_at))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

enum ng_err
pg_autosave_get(struct arena *ar, struct store_conn *sc, int64_t user_id,
    int64_t article_id, struct autosave *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_AUTOSAVE_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_i64(c, s, 2, article_id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	out->user_id = pg_col_i64(s, 0);
	out->article_id = pg_col_i64(s, 1);
	out->title = pg_col_str(&r, s, 2);
	out->dek = pg_col_str(&r, s, 3);
	out->body_md = pg_col_str(&r, s, 4);
	out->saved_at = pg_col_i64(s, 5);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_autosave_delete(struct store_conn *sc, int64_t user_id, int64_t article_id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_AUTOSAVE_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, user_id) || !pg_bind_i64(c, s, 2, article_id))
		return NG_EDB;
	return pg_exec_stmt(c, s);
}

/* A pg_row_fn: row is a struct author. */
static void
author_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct author *au = row;

	au->id = pg_col_i64(s, 0);
	au->slug = pg_col_str(r, s, 1);
	au->name = pg_col_str(r, s, 2);
	au->bio = pg_col_str(r, s, 3);
	au->photo_id = pg_col_i64(s, 4);
	au->links = pg_col_str(r, s, 5);
	au->organization = pg_col_i64(s, 6) != 0;
}

enum ng_err
pg_authors(struct arena *ar, struct store_conn *sc, struct author **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_AUTHORS)) == NULL)
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct author), author_row, out, n);
}

/* A pg_row_fn: row is a struct tag. */
static void
tag_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct tag *t = row;

	t->id = pg_col_i64(s, 0);
	t->slug = pg_col_str(r, s, 1);
	t->name = pg_col_str(r, s, 2);
}

enum ng_err
pg_tags(struct arena *ar, struct store_conn *sc, struct tag **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_TAGS)) == NULL)
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct tag), tag_row, out, n);
}

/* Step a bound write; NG_ENOTFOUND when it changed no row. */
static enum ng_err
write_found(struct pg_conn *c, struct pg_stmt *s)
{
	enum ng_err err;

	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		return err;
	return pg_changes(c) == 0 ? NG_ENOTFOUND : NG_OK;
}

enum ng_err
pg_section_update(struct store_conn *sc, const struct section *se)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SECTION_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, se->id) || !pg_bind_text(c, s, 2, se->slug) ||
	    !pg_bind_text(c, s, 3, se->name) ||
	    !pg_bind_opt(c, s, 4, se->description) ||
	    !pg_bind_i64(c, s, 5, se->position))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_author_update(struct store_conn *sc, const struct author *au)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_AUTHOR_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, au->id) || !pg_bind_text(c, s, 2, au->slug) ||
	    !pg_bind_text(c, s, 3, au->name) ||
	    !pg_bind_opt(c, s, 4, au->bio) ||
	    !pg_bind_i64(c, s, 5, au->photo_id) ||
	    !pg_bind_text(c, s, 6, au->links) ||
	    !pg_bind_i64(c, s, 7, au->organization ? 1 : 0))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_tag_update(struct store_conn *sc, const struct tag *t)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_TAG_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, t->id) || !pg_bind_text(c, s, 2, t->slug) ||
	    !pg_bind_text(c, s, 3, t->name))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_section_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_SECTION_UNLINK)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_SECTION_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	err = write_found(c, s);
out:
	return pg_tx_end(c, err);
}

enum ng_err
pg_tag_merge(struct store_conn *sc, int64_t from, int64_t into)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;
	int		r;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto out;
	/* The target must exist, or the links would point nowhere. */
	if ((s = pg_stmt_get(c, STMT_TAG_EXISTS)) == NULL ||
	    !pg_bind_i64(c, s, 1, into)) {
		err = NG_EDB;
		goto out;
	}
	if ((r = pg_step(c, s, &err)) < 0)
		goto out;
	pg_reset(s);
	if (r == 0) {
		err = NG_ENOTFOUND;
		goto out;
	}
	if ((s = pg_stmt_get(c, STMT_TAG_MERGE_LINKS)) == NULL ||
	    !pg_bind_i64(c, s, 1, from) || !pg_bind_i64(c, s, 2, into)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = pg_exec_stmt(c, s)) != NG_OK)
		goto out;
	if ((s = pg_stmt_get(c, STMT_TAG_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, from)) {
		err = NG_EDB;
		goto out;
	}
	err = write_found(c, s);
out:
	return pg_tx_end(c, err);
}

enum ng_err
pg_tag_delete(struct store_conn *sc, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_TAG_DELETE)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return write_found(c, s);
}
