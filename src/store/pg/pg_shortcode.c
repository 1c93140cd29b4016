/*
 * pg_shortcode.c -- sliders, slides, ad slots and ads in
 * SQLite: the operations struct store_ops names slider_* and ad_*.
 * Input was checked by store_shortcode.c; this file only runs SQL.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libpq-fe.h>

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

static enum ng_err
delete_id(struct store_conn *sc, enum stmt id_stmt, int64_t id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, id_stmt)) == NULL || !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_slider_add(struct store_conn *sc, const struct slider *sl, int64_t now,
    int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_SC_SLIDER_ADD)) == NULL ||
	    !pg_bind_ref(c, s, 1, sl->legacy_id) ||
	    !pg_bind_text(c, s, 2, sl->name) || !pg_bind_i64(c, s, 3, now))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

enum ng_err
pg_slide_add(struct store_conn *sc, const struct slide *sl, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_SC_SLIDE_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, sl->slider_id) ||
	    !pg_bind_ref(c, s, 2, sl->position) ||
	    !pg_bind_text(c, s, 3, sl->image_url) ||
	    !pg_bind_opt(c, s, 4, sl->alt) ||
	    !pg_bind_opt(c, s, 5, sl->caption) ||
	    !pg_bind_opt(c, s, 6, sl->link_url))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

/* A pg_row_fn: row is a struct slide. */
static void
slide_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct slide *sd = row;

	sd->id = pg_col_i64(s, 0);
	sd->slider_id = pg_col_i64(s, 1);
	sd->position = (int)pg_col_i64(s, 2);
	sd->image_url = pg_col_str(r, s, 3);
	sd->alt = pg_col_str(r, s, 4);
	sd->caption = pg_col_str(r, s, 5);
	sd->link_url = pg_col_str(r, s, 6);
}

static enum ng_err
slides_load(struct arena *ar, struct pg_conn *c, struct slider *out)
{
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLIDES)) == NULL ||
	    !pg_bind_i64(c, s, 1, out->id) ||
	    !pg_bind_i64(c, s, 2, STORE_SLIDES_MAX))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct slide), slide_row, &out->slides,
	    &out->nslides);
}

enum ng_err
pg_slider_get(struct arena *ar, struct store_conn *sc, int64_t id, int legacy,
    struct slider *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c,
		 legacy ? STMT_SC_SLIDER_BY_LEGACY : STMT_SC_SLIDER_GET)) ==
		NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	out->id = pg_col_i64(s, 0);
	out->legacy_id = pg_col_i64(s, 1);
	out->name = pg_col_str(&r, s, 2);
	pg_reset(s);
	if (r.oom)
		return NG_ENOMEM;
	return slides_load(ar, c, out);
}

/* A pg_row_fn: row is a struct slider without its slides. */
static void
slider_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct slider *sl = row;

	sl->id = pg_col_i64(s, 0);
	sl->legacy_id = pg_col_i64(s, 1);
	sl->name = pg_col_str(r, s, 2);
	sl->nslides = (size_t)pg_col_i64(s, 3);
}

enum ng_err
pg_slider_list(struct arena *ar, struct store_conn *sc, struct slider **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLIDER_LIST)) == NULL)
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct slider), slider_row, out, n);
}

enum ng_err
pg_slider_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLIDER_DELETE, id);
}

enum ng_err
pg_slide_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLIDE_DELETE, id);
}

enum ng_err
pg_ad_slot_add(struct store_conn *sc, const struct ad_slot *sl, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_SC_SLOT_ADD)) == NULL ||
	    !pg_bind_text(c, s, 1, sl->name) ||
	    !pg_bind_text(c, s, 2,
		str_c(store_ad_placement_name(sl->placement))) ||
	    !pg_bind_i64(c, s, 3, sl->position) ||
	    !pg_bind_i64(c, s, 4, sl->width) ||
	    !pg_bind_i64(c, s, 5, sl->height))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

/* A pg_row_fn: row is a struct ad_slot. */
static void
slot_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct ad_slot *o = row;
	struct str	pl;

	memset(o, 0, sizeof(*o));
	o->id = pg_col_i64(s, 0);
	o->name = pg_col_str(r, s, 1);
	pl = pg_col_str(r, s, 2);
	if (!store_ad_placement_parse(pl, &o->placement))
		o->placement = AD_PLACE_INLINE;
	o->position = (int)pg_col_i64(s, 3);
	o->width = (int)pg_col_i64(s, 4);
	o->height = (int)pg_col_i64(s, 5);
}

enum ng_err
pg_ad_slot_get(struct arena *ar, struct store_conn *sc, struct str name,
    struct ad_slot *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_SC_SLOT_GET)) == NULL ||
	    !pg_bind_text(c, s, 1, name))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	slot_row(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_ad_slot_list(struct arena *ar, struct store_conn *sc, struct ad_slot **out,
    size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLOT_LIST)) == NULL)
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct ad_slot), slot_row, out, n);
}

enum ng_err
pg_ad_add(struct store_conn *sc, const struct ad *ad, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;
	enum ng_err	err;

	*id = 0;
	if ((s = pg_stmt_get(c, STMT_SC_AD_ADD)) == NULL ||
	    !pg_bind_i64(c, s, 1, ad->slot_id) ||
	    !pg_bind_text(c, s, 2, ad->name) ||
	    !pg_bind_text(c, s, 3, str_c(store_ad_kind_name(ad->kind))) ||
	    !pg_bind_opt(c, s, 4, ad->image_url) ||
	    !pg_bind_opt(c, s, 5, ad->link_url) ||
	    !pg_bind_opt(c, s, 6, ad->alt) || !pg_bind_opt(c, s, 7, ad->code) ||
	    !pg_bind_ref(c, s, 8, ad->slider_id) ||
	    !pg_bind_i64(c, s, 9, ad->weight) ||
	    !pg_bind_ref(c, s, 10, ad->starts_at) ||
	    !pg_bind_ref(c, s, 11, ad->ends_at) ||
	    !pg_bind_ref(c, s, 12, ad->section_id) ||
	    !pg_bind_i64(c, s, 13, ad->active != 0))
		return NG_EDB;
	if ((err = pg_exec_stmt(c, s)) == NG_OK)
		*id = pg_last_id(c);
	return err;
}

/* A pg_row_fn: row is a struct ad. */
static void
ad_row(struct pg_rd *r, struct pg_stmt *s, void *row)
{
	struct ad *o = row;
	memset(o, 0, sizeof(*o));
	o->id = pg_col_i64(s, 0);
	o->slot_id = pg_col_i64(s, 1);
	o->name = pg_col_str(r, s, 2);
	if (!store_ad_kind_parse(pg_col_str(r, s, 3), &o->kind))
		o->kind = AD_IMAGE;
	o->image_url = pg_col_str(r, s, 4);
	o->link_url = pg_col_str(r, s, 5);
	o->alt = pg_col_str(r, s, 6);
	o->code = pg_col_str(r, s, 7);
	o->slider_id = pg_col_i64(s, 8);
	o->weight = (int)pg_col_i64(s, 9);
	o->starts_at = pg_col_i64(s, 10);
	o->ends_at = pg_col_i64(s, 11);
	o->section_id = pg_col_i64(s, 12);
	o->active = (int)pg_col_i64(s, 13);
}

enum ng_err
pg_ad_get(struct arena *ar, struct store_conn *sc, int64_t id, struct ad *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_SC_AD_GET)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	ad_row(&r, s, out);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
pg_ad_list(struct arena *ar, struct store_conn *sc, int64_t slot_id, int live,
    int64_t section_id, int64_t now, struct ad **out, size_t *n)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if (live) {
		if ((s = pg_stmt_get(c, STMT_SC_AD_LIVE)) == NULL ||
		    !pg_bind_i64(c, s, 1, slot_id) ||
		    !pg_bind_i64(c, s, 2, section_id) ||
		    !pg_bind_i64(c, s, 3, now) ||
		    !pg_bind_i64(c, s, 4, STORE_ADS_LIVE_MAX))
			return NG_EDB;
	} else if ((s = pg_stmt_get(c, STMT_SC_AD_LIST)) == NULL ||
	    !pg_bind_i64(c, s, 1, slot_id))
		return NG_EDB;
	return pg_rows(ar, c, s, sizeof(struct ad), ad_row, out, n);
}

enum ng_err
pg_ad_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_AD_DELETE, id);
}

enum ng_err
pg_media_brief(struct arena *ar, struct store_conn *sc, int64_t id,
    struct str *path, struct str *alt, struct str *caption)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_rd	r = { ar, 0 };
	struct pg_stmt *s;
	enum ng_err	err = NG_OK;
	int		rc;

	if ((s = pg_stmt_get(c, STMT_SC_MEDIA_BRIEF)) == NULL ||
	    !pg_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = pg_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	*path = pg_col_str(&r, s, 0);
	*alt = pg_col_str(&r, s, 1);
	*caption = pg_col_str(&r, s, 2);
	pg_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

/* --- newsroom sliders and ads --- */

enum ng_err
pg_slider_rename(struct store_conn *sc, int64_t id, struct str name)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLIDER_RENAME)) == NULL ||
	    !pg_bind_i64(c, s, 1, id) || !pg_bind_text(c, s, 2, name))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_slide_update(struct store_conn *sc, const struct slide *sl)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLIDE_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, sl->id) ||
	    !pg_bind_i64(c, s, 2, sl->position) ||
	    !pg_bind_text(c, s, 3, sl->image_url) ||
	    !pg_bind_opt(c, s, 4, sl->alt) ||
	    !pg_bind_opt(c, s, 5, sl->caption) ||
	    !pg_bind_opt(c, s, 6, sl->link_url) ||
	    !pg_bind_i64(c, s, 7, sl->slider_id))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_ad_slot_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLOT_DELETE, id);
}

enum ng_err
pg_ad_update(struct store_conn *sc, const struct ad *ad)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_AD_UPDATE)) == NULL ||
	    !pg_bind_i64(c, s, 1, ad->slot_id) ||
	    !pg_bind_text(c, s, 2, ad->name) ||
	    !pg_bind_text(c, s, 3, str_c(store_ad_kind_name(ad->kind))) ||
	    !pg_bind_opt(c, s, 4, ad->image_url) ||
	    !pg_bind_opt(c, s, 5, ad->link_url) ||
	    !pg_bind_opt(c, s, 6, ad->alt) || !pg_bind_opt(c, s, 7, ad->code) ||
	    !pg_bind_ref(c, s, 8, ad->slider_id) ||
	    !pg_bind_i64(c, s, 9, ad->weight) ||
	    !pg_bind_ref(c, s, 10, ad->starts_at) ||
	    !pg_bind_ref(c, s, 11, ad->ends_at) ||
	    !pg_bind_ref(c, s, 12, ad->section_id) ||
	    !pg_bind_i64(c, s, 13, ad->active != 0) ||
	    !pg_bind_i64(c, s, 14, ad->id))
		return NG_EDB;
	return write_found(c, s);
}

enum ng_err
pg_ad_slot_update(struct store_conn *sc, const struct ad_slot *sl)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct pg_stmt *s;

	if ((s = pg_stmt_get(c, STMT_SC_SLOT_UPDATE)) == NULL ||
	    !pg_bind_text(c, s, 1, sl->name) ||
	    !pg_bind_text(c, s, 2,
		str_c(store_ad_placement_name(sl->placement))) ||
	    !pg_bind_i64(c, s, 3, sl->position) ||
	    !pg_bind_i64(c, s, 4, sl->width) ||
	    !pg_bind_i64(c, s, 5, sl->height) || !pg_bind_i64(c, s, 6, sl->id))
		return NG_EDB;
	return write_found(c, s);
}
