/*
 * sqlite_shortcode.c -- sliders, slides, ad slots and ads in
 * SQLite: the operations struct store_ops names slider_* and ad_*.
 * Input was checked by store_shortcode.c; this file only runs SQL.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "store/sqlite/sqlite_int.h"

static enum ng_err
delete_id(struct store_conn *sc, enum stmt id_stmt, int64_t id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, id_stmt)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	return sqlite_write_found(c, s);
}

enum ng_err
sqlite_slider_add(struct store_conn *sc, const struct slider *sl, int64_t now,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDER_ADD)) == NULL ||
	    !sqlite_bind_ref(c, s, 1, sl->legacy_id) ||
	    !sqlite_bind_text(c, s, 2, sl->name) ||
	    !sqlite_bind_i64(c, s, 3, now))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

enum ng_err
sqlite_slide_add(struct store_conn *sc, const struct slide *sl, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDE_ADD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, sl->slider_id) ||
	    !sqlite_bind_ref(c, s, 2, sl->position) ||
	    !sqlite_bind_text(c, s, 3, sl->image_url) ||
	    !sqlite_bind_opt(c, s, 4, sl->alt) ||
	    !sqlite_bind_opt(c, s, 5, sl->caption) ||
	    !sqlite_bind_opt(c, s, 6, sl->link_url))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

/* A sqlite_row_fn: row is a struct slide. */
static void
slide_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct slide *sd = row;

	sd->id = sqlite_col_i64(s, 0);
	sd->slider_id = sqlite_col_i64(s, 1);
	sd->position = (int)sqlite_col_i64(s, 2);
	sd->image_url = sqlite_col_str(r, s, 3);
	sd->alt = sqlite_col_str(r, s, 4);
	sd->caption = sqlite_col_str(r, s, 5);
	sd->link_url = sqlite_col_str(r, s, 6);
}

static enum ng_err
slides_load(struct arena *ar, struct sqlite_conn *c, struct slider *out)
{
	sqlite3_stmt *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDES)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, out->id) ||
	    !sqlite_bind_i64(c, s, 2, STORE_SLIDES_MAX))
		return NG_EDB;
	return sqlite_rows(ar, c, s, sizeof(struct slide), slide_row,
	    &out->slides, &out->nslides);
}

enum ng_err
sqlite_slider_get(struct arena *ar, struct store_conn *sc, int64_t id,
    int legacy, struct slider *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c,
		 legacy ? STMT_SC_SLIDER_BY_LEGACY : STMT_SC_SLIDER_GET)) ==
		NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	out->id = sqlite_col_i64(s, 0);
	out->legacy_id = sqlite_col_i64(s, 1);
	out->name = sqlite_col_str(&r, s, 2);
	sqlite3_reset(s);
	if (r.oom)
		return NG_ENOMEM;
	return slides_load(ar, c, out);
}

/* A sqlite_row_fn: row is a struct slider without its slides. */
static void
slider_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct slider *sl = row;

	sl->id = sqlite_col_i64(s, 0);
	sl->legacy_id = sqlite_col_i64(s, 1);
	sl->name = sqlite_col_str(r, s, 2);
	sl->nslides = (size_t)sqlite_col_i64(s, 3);
}

enum ng_err
sqlite_slider_list(struct arena *ar, struct store_conn *sc, struct slider **out,
    size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDER_LIST)) == NULL)
		return NG_EDB;
	return sqlite_rows(ar, c, s, sizeof(struct slider), slider_row, out, n);
}

enum ng_err
sqlite_slider_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLIDER_DELETE, id);
}

enum ng_err
sqlite_slide_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLIDE_DELETE, id);
}

enum ng_err
sqlite_ad_slot_add(struct store_conn *sc, const struct ad_slot *sl, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_SC_SLOT_ADD)) == NULL ||
	    !sqlite_bind_text(c, s, 1, sl->name) ||
	    !sqlite_bind_text(c, s, 2,
		str_c(store_ad_placement_name(sl->placement))) ||
	    !sqlite_bind_i64(c, s, 3, sl->position) ||
	    !sqlite_bind_i64(c, s, 4, sl->width) ||
	    !sqlite_bind_i64(c, s, 5, sl->height))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

/* A sqlite_row_fn: row is a struct ad_slot. */
static void
slot_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct ad_slot *o = row;
	struct str	pl;

	memset(o, 0, sizeof(*o));
	o->id = sqlite_col_i64(s, 0);
	o->name = sqlite_col_str(r, s, 1);
	pl = sqlite_col_str(r, s, 2);
	if (!store_ad_placement_parse(pl, &o->placement))
		o->placement = AD_PLACE_INLINE;
	o->position = (int)sqlite_col_i64(s, 3);
	o->width = (int)sqlite_col_i64(s, 4);
	o->height = (int)sqlite_col_i64(s, 5);
}

enum ng_err
sqlite_ad_slot_get(struct arena *ar, struct store_conn *sc, struct str name,
    struct ad_slot *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLOT_GET)) == NULL ||
	    !sqlite_bind_text(c, s, 1, name))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	slot_row(&r, s, out);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_ad_slot_list(struct arena *ar, struct store_conn *sc,
    struct ad_slot **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLOT_LIST)) == NULL)
		return NG_EDB;
	return sqlite_rows(ar, c, s, sizeof(struct ad_slot), slot_row, out, n);
}

enum ng_err
sqlite_ad_add(struct store_conn *sc, const struct ad *ad, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	*id = 0;
	if ((s = sqlite_stmt_get(c, STMT_SC_AD_ADD)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, ad->slot_id) ||
	    !sqlite_bind_text(c, s, 2, ad->name) ||
	    !sqlite_bind_text(c, s, 3, str_c(store_ad_kind_name(ad->kind))) ||
	    !sqlite_bind_opt(c, s, 4, ad->image_url) ||
	    !sqlite_bind_opt(c, s, 5, ad->link_url) ||
	    !sqlite_bind_opt(c, s, 6, ad->alt) ||
	    !sqlite_bind_opt(c, s, 7, ad->code) ||
	    !sqlite_bind_ref(c, s, 8, ad->slider_id) ||
	    !sqlite_bind_i64(c, s, 9, ad->weight) ||
	    !sqlite_bind_ref(c, s, 10, ad->starts_at) ||
	    !sqlite_bind_ref(c, s, 11, ad->ends_at) ||
	    !sqlite_bind_ref(c, s, 12, ad->section_id) ||
	    !sqlite_bind_i64(c, s, 13, ad->active != 0))
		return NG_EDB;
	if ((err = sqlite_exec_stmt(c, s)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return err;
}

/* A sqlite_row_fn: row is a struct ad. */
static void
ad_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct ad *o = row;
	memset(o, 0, sizeof(*o));
	o->id = sqlite_col_i64(s, 0);
	o->slot_id = sqlite_col_i64(s, 1);
	o->name = sqlite_col_str(r, s, 2);
	if (!store_ad_kind_parse(sqlite_col_str(r, s, 3), &o->kind))
		o->kind = AD_IMAGE;
	o->image_url = sqlite_col_str(r, s, 4);
	o->link_url = sqlite_col_str(r, s, 5);
	o->alt = sqlite_col_str(r, s, 6);
	o->code = sqlite_col_str(r, s, 7);
	o->slider_id = sqlite_col_i64(s, 8);
	o->weight = (int)sqlite_col_i64(s, 9);
	o->starts_at = sqlite_col_i64(s, 10);
	o->ends_at = sqlite_col_i64(s, 11);
	o->section_id = sqlite_col_i64(s, 12);
	o->active = (int)sqlite_col_i64(s, 13);
}

enum ng_err
sqlite_ad_get(struct arena *ar, struct store_conn *sc, int64_t id,
    struct ad *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_SC_AD_GET)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	ad_row(&r, s, out);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_ad_list(struct arena *ar, struct store_conn *sc, int64_t slot_id,
    int live, int64_t section_id, int64_t now, struct ad **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if (live) {
		if ((s = sqlite_stmt_get(c, STMT_SC_AD_LIVE)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, slot_id) ||
		    !sqlite_bind_i64(c, s, 2, section_id) ||
		    !sqlite_bind_i64(c, s, 3, now) ||
		    !sqlite_bind_i64(c, s, 4, STORE_ADS_LIVE_MAX))
			return NG_EDB;
	} else if ((s = sqlite_stmt_get(c, STMT_SC_AD_LIST)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, slot_id))
		return NG_EDB;
	return sqlite_rows(ar, c, s, sizeof(struct ad), ad_row, out, n);
}

enum ng_err
sqlite_ad_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_AD_DELETE, id);
}

enum ng_err
sqlite_media_brief(struct arena *ar, struct store_conn *sc, int64_t id,
    struct str *path, struct str *alt, struct str *caption)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_SC_MEDIA_BRIEF)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) != 1)
		return rc == 0 ? NG_ENOTFOUND : err;
	*path = sqlite_col_str(&r, s, 0);
	*alt = sqlite_col_str(&r, s, 1);
	*caption = sqlite_col_str(&r, s, 2);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}

/* --- newsroom sliders and ads --- */

enum ng_err
sqlite_slider_rename(struct store_conn *sc, int64_t id, struct str name)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDER_RENAME)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) || !sqlite_bind_text(c, s, 2, name))
		return NG_EDB;
	return sqlite_write_found(c, s);
}

enum ng_err
sqlite_slide_update(struct store_conn *sc, const struct slide *sl)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLIDE_UPDATE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, sl->id) ||
	    !sqlite_bind_i64(c, s, 2, sl->position) ||
	    !sqlite_bind_text(c, s, 3, sl->image_url) ||
	    !sqlite_bind_opt(c, s, 4, sl->alt) ||
	    !sqlite_bind_opt(c, s, 5, sl->caption) ||
	    !sqlite_bind_opt(c, s, 6, sl->link_url) ||
	    !sqlite_bind_i64(c, s, 7, sl->slider_id))
		return NG_EDB;
	return sqlite_write_found(c, s);
}

enum ng_err
sqlite_ad_slot_delete(struct store_conn *sc, int64_t id)
{
	return delete_id(sc, STMT_SC_SLOT_DELETE, id);
}

enum ng_err
sqlite_ad_update(struct store_conn *sc, const struct ad *ad)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_AD_UPDATE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, ad->slot_id) ||
	    !sqlite_bind_text(c, s, 2, ad->name) ||
	    !sqlite_bind_text(c, s, 3, str_c(store_ad_kind_name(ad->kind))) ||
	    !sqlite_bind_opt(c, s, 4, ad->image_url) ||
	    !sqlite_bind_opt(c, s, 5, ad->link_url) ||
	    !sqlite_bind_opt(c, s, 6, ad->alt) ||
	    !sqlite_bind_opt(c, s, 7, ad->code) ||
	    !sqlite_bind_ref(c, s, 8, ad->slider_id) ||
	    !sqlite_bind_i64(c, s, 9, ad->weight) ||
	    !sqlite_bind_ref(c, s, 10, ad->starts_at) ||
	    !sqlite_bind_ref(c, s, 11, ad->ends_at) ||
	    !sqlite_bind_ref(c, s, 12, ad->section_id) ||
	    !sqlite_bind_i64(c, s, 13, ad->active != 0) ||
	    !sqlite_bind_i64(c, s, 14, ad->id))
		return NG_EDB;
	return sqlite_write_found(c, s);
}

enum ng_err
sqlite_ad_slot_update(struct store_conn *sc, const struct ad_slot *sl)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_stmt_get(c, STMT_SC_SLOT_UPDATE)) == NULL ||
	    !sqlite_bind_text(c, s, 1, sl->name) ||
	    !sqlite_bind_text(c, s, 2,
		str_c(store_ad_placement_name(sl->placement))) ||
	    !sqlite_bind_i64(c, s, 3, sl->position) ||
	    !sqlite_bind_i64(c, s, 4, sl->width) ||
	    !sqlite_bind_i64(c, s, 5, sl->height) ||
	    !sqlite_bind_i64(c, s, 6, sl->id))
		return NG_EDB;
	return sqlite_write_found(c, s);
}
