/*
 * store_shortcode.c -- dispatch and input checks for sliders, slides, ad
 * slots and ads.  Every write is checked here, once, for every
 * backend: sizes, names, URLs and the fields each ad kind needs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const kind_names[AD__MAX] = {
	[AD_IMAGE] = "image",
	[AD_CODE] = "code",
	[AD_SLIDER] = "slider",
};

static const char *const placement_names[AD_PLACE__MAX] = {
	[AD_PLACE_INLINE] = "inline",
	[AD_PLACE_HEADER] = "header",
	[AD_PLACE_SIDEBAR] = "sidebar",
	[AD_PLACE_AFTER_PARAGRAPH] = "after_paragraph",
	[AD_PLACE_FRONT] = "front",
	[AD_PLACE_BELOW_ARTICLE] = "below_article",
};

const char *
store_ad_kind_name(enum ad_kind k)
{
	return (unsigned)k < AD__MAX ? kind_names[k] : "image";
}

int
store_ad_kind_parse(struct str name, enum ad_kind *out)
{
	size_t i;

	for (i = 0; i < AD__MAX; i++)
		if (str_eqc(name, kind_names[i])) {
			*out = (enum ad_kind)i;
			return 1;
		}
	return 0;
}

const char *
store_ad_placement_name(enum ad_placement p)
{
	return (unsigned)p < AD_PLACE__MAX ? placement_names[p] : "inline";
}

int
store_ad_placement_parse(struct str name, enum ad_placement *out)
{
	size_t i;

	for (i = 0; i < AD_PLACE__MAX; i++)
		if (str_eqc(name, placement_names[i])) {
			*out = (enum ad_placement)i;
			return 1;
		}
	return 0;
}

/* Length within [min, max], no NUL or other control bytes. */
static enum ng_err
check(struct str s, size_t min, size_t max)
{
	size_t i;

	if (s.n < min)
		return NG_EINVAL;
	if (s.n > max)
		return NG_ETOOBIG;
	for (i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return NG_EINVAL;
	return NG_OK;
}

/*
 * A site path for an image ("/media/a.jpg", not "//host/a.jpg"): reader
 * pages load images from the site only (img-src 'self'), and a path
 * cannot carry a javascript: scheme.
 */
static int
site_path(struct str u)
{
	size_t i;

	if (u.n < 1 || u.p[0] != '/' ||
	    (u.n > 1 && (u.p[1] == '/' || u.p[1] == '\\')))
		return 0;
	for (i = 0; i < u.n; i++)
		if (u.p[i] == ' ' || u.p[i] == '"' || u.p[i] == '<' ||
		    u.p[i] == '>' || u.p[i] == '\\')
			return 0;
	return 1;
}

/* A link: a site path or an absolute http(s) URL. */
static int
link_ok(struct str u)
{
	size_t i, skip;

	if (site_path(u))
		return 1;
	if (u.n > 8 && strncasecmp(u.p, "https://", 8) == 0)
		skip = 8;
	else if (u.n > 7 && strncasecmp(u.p, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	if (u.p[skip] == '/' || u.p[skip] == '.')
		return 0;
	for (i = 0; i < u.n; i++)
		if (u.p[i] == ' ' || u.p[i] == '"' || u.p[i] == '<' ||
		    u.p[i] == '>')
			return 0;
	return 1;
}

/* A slot name: [a-z0-9_-], 1..64 bytes (it becomes a CSS class). */
static int
slot_name_ok(struct str n)
{
	size_t i;

	if (n.n == 0 || n.n > 64)
		return 0;
	for (i = 0; i < n.n; i++)
		if (!((n.p[i] >= 'a' && n.p[i] <= 'z') ||
			(n.p[i] >= '0' && n.p[i] <= '9') || n.p[i] == '_' ||
			n.p[i] == '-'))
			return 0;
	return 1;
}

enum ng_err
store_slider_add(struct store *st, const struct slider *s, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = check(s->name, 1, STORE_NAME_MAX)) != NG_OK)
		return err;
	if (s->legacy_id < 0)
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slider_add(tx.c, s, (int64_t)time(NULL), id));
}

static enum ng_err
slide_check(const struct slide *s)
{
	enum ng_err err;

	if ((err = check(s->image_url, 2, STORE_URL_MAX)) != NG_OK ||
	    (err = check(s->alt, 0, STORE_DEK_MAX)) != NG_OK ||
	    (err = check(s->caption, 0, STORE_DEK_MAX)) != NG_OK ||
	    (err = check(s->link_url, 0, STORE_URL_MAX)) != NG_OK)
		return err;
	if (!site_path(s->image_url) ||
	    (s->link_url.n > 0 && !link_ok(s->link_url)) || s->slider_id <= 0 ||
	    s->position < 0)
		return NG_EINVAL;
	return NG_OK;
}

enum ng_err
store_slide_add(struct store *st, const struct slide *s, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = slide_check(s)) != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slide_add(tx.c, s, id));
}

static enum ng_err
slider_get(struct arena *ar, struct store *st, int64_t id, int legacy,
    struct slider **out)
{
	struct store_conn *c;
	struct slider	  *s;
	enum ng_err	   err;

	*out = NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((s = arena_calloc(ar, 1, sizeof(*s))) == NULL)
		return NG_ENOMEM;
	store_read_note(STORE_KEY(INVAL_SLIDERS, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->slider_get(ar, c, id, legacy, s);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = s;
	return err;
}

enum ng_err
store_slider_get(struct arena *ar, struct store *st, int64_t id,
    struct slider **out)
{
	return slider_get(ar, st, id, 0, out);
}

enum ng_err
store_slider_by_legacy(struct arena *ar, struct store *st, int64_t legacy_id,
    struct slider **out)
{
	return slider_get(ar, st, legacy_id, 1, out);
}

enum ng_err
store_slider_list(struct arena *ar, struct store *st, struct slider **out,
    size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_SLIDERS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->slider_list(ar, c, out, n));
}

enum ng_err
store_slider_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slider_delete(tx.c, id));
}

enum ng_err
store_slide_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slide_delete(tx.c, id));
}

static int
slot_ok(const struct ad_slot *s)
{
	return slot_name_ok(s->name) &&
	    (unsigned)s->placement < AD_PLACE__MAX && s->width >= 1 &&
	    s->width <= STORE_AD_SIZE_MAX && s->height >= 1 &&
	    s->height <= STORE_AD_SIZE_MAX && s->position >= 0 &&
	    s->position <= 10000;
}

enum ng_err
store_ad_slot_add(struct store *st, const struct ad_slot *s, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if (!slot_ok(s))
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_slot_add(tx.c, s, id));
}

enum ng_err
store_ad_slot_get(struct arena *ar, struct store *st, struct str name,
    struct ad_slot *out)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (!slot_name_ok(name))
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_ADS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->ad_slot_get(ar, c, name, out));
}

enum ng_err
store_ad_slot_list(struct arena *ar, struct store *st, struct ad_slot **out,
    size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_ADS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->ad_slot_list(ar, c, out, n));
}

/* The fields an ad of its kind needs, as _add and _update check them. */
static enum ng_err
ad_check(const struct ad *ad)
{
	enum ng_err err;

	if ((err = check(ad->name, 1, STORE_NAME_MAX)) != NG_OK ||
	    (err = check(ad->image_url, 0, STORE_URL_MAX)) != NG_OK ||
	    (err = check(ad->link_url, 0, STORE_URL_MAX)) != NG_OK ||
	    (err = check(ad->alt, 0, STORE_DEK_MAX)) != NG_OK)
		return err;
	if (ad->code.n > STORE_AD_CODE_MAX)
		return NG_ETOOBIG;
	if (ad->slot_id <= 0 || ad->weight < 1 ||
	    ad->weight > STORE_AD_WEIGHT_MAX || ad->starts_at < 0 ||
	    ad->ends_at < 0 || ad->section_id < 0 ||
	    (ad->ends_at != 0 && ad->ends_at <= ad->starts_at))
		return NG_EINVAL;
	switch (ad->kind) {
	case AD_IMAGE:
		if (!site_path(ad->image_url) || !link_ok(ad->link_url) ||
		    ad->alt.n == 0)
			return NG_EINVAL;
		break;
	case AD_CODE:
		if (ad->code.n == 0 ||
		    memchr(ad->code.p, '\0', ad->code.n) != NULL)
			return NG_EINVAL;
		break;
	case AD_SLIDER:
		if (ad->slider_id <= 0)
			return NG_EINVAL;
		break;
	default:
		return NG_EINVAL;
	}
	return NG_OK;
}

enum ng_err
store_ad_add(struct store *st, const struct ad *ad, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	if ((err = ad_check(ad)) != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_add(tx.c, ad, id));
}

enum ng_err
store_ad_get(struct arena *ar, struct store *st, int64_t id, struct ad *out)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_ADS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c, store_ops_of(st)->ad_get(ar, c, id, out));
}

enum ng_err
store_ad_list(struct arena *ar, struct store *st, int64_t slot_id,
    struct ad **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_ADS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->ad_list(ar, c, slot_id, 0, 0, 0, out, n));
}

enum ng_err
store_ad_live(struct arena *ar, struct store *st, int64_t slot_id,
    int64_t section_id, int64_t now, struct ad **out, size_t *n)
{
	struct store_conn *c;

	*out = NULL;
	*n = 0;
	if (slot_id <= 0)
		return NG_OK;
	store_read_note(STORE_KEY(INVAL_ADS, 0));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->ad_list(ar, c, slot_id, 1, section_id, now, out,
		n));
}

enum ng_err
store_ad_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_delete(tx.c, id));
}

enum ng_err
store_media_brief(struct arena *ar, struct store *st, int64_t id,
    struct str *path, struct str *alt, struct str *caption)
{
	struct store_conn *c;

	*path = *alt = *caption = STR_NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_MEDIA, id));
	c = store_pool_get(st);
	return store_read_done(st, c,
	    store_ops_of(st)->media_brief(ar, c, id, path, alt, caption));
}

/* --- newsroom sliders and ads --- */

enum ng_err
store_slider_rename(struct store *st, int64_t id, struct str name)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = check(name, 1, STORE_NAME_MAX)) != NG_OK)
		return err;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slider_rename(tx.c, id, name));
}

enum ng_err
store_slide_update(struct store *st, const struct slide *s)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = slide_check(s)) != NG_OK)
		return err;
	if (s->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_SLIDER, &(struct write_subject){ 0 },
	    store_ops_of(st)->slide_update(tx.c, s));
}

enum ng_err
store_ad_slot_delete(struct store *st, int64_t id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_slot_delete(tx.c, id));
}

enum ng_err
store_ad_update(struct store *st, const struct ad *ad)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = ad_check(ad)) != NG_OK)
		return err;
	if (ad->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_update(tx.c, ad));
}

enum ng_err
store_ad_slot_update(struct store *st, const struct ad_slot *s)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if (!slot_ok(s))
		return NG_EINVAL;
	if (s->id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	return store_wtx_done(&tx, SW_AD, &(struct write_subject){ 0 },
	    store_ops_of(st)->ad_slot_update(tx.c, s));
}
