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

/*
 * A fault of field in f (when f is not NULL) and err: the first
 * problem found is the one reported.
 */
static enum ng_err
fault(struct store_fault *f, const char *field, const char *why,
    enum ng_err err)
{
	if (f != NULL) {
		f->field = field;
		f->why = why;
	}
	return err;
}

/* check() with the sentence that says what is wrong with field. */
static enum ng_err
check_field(struct str s, size_t min, size_t max, struct store_fault *f,
    const char *field, const char *missing, const char *too_long)
{
	enum ng_err err;

	if ((err = check(s, min, max)) == NG_OK)
		return NG_OK;
	if (err == NG_ETOOBIG)
		return fault(f, field, too_long, err);
	if (s.n < min)
		return fault(f, field, missing, err);
	return fault(f, field,
	    "Remove the control characters (tabs, line breaks).", err);
}

#define IMAGE_WHY                                         \
	"Give the image as a path on this site, such as " \
	"/media/ab/cd1234/1600.jpg (copy it from the media library)."
#define LINK_WHY                                                        \
	"Give the link as a path on this site (/about/) or an address " \
	"starting with http:// or https://."
#define URL_LONG  "Too long: at most 2000 characters."
#define TEXT_LONG "Too long: at most 1000 characters."

enum ng_err
store_slide_fault(const struct slide *s, struct store_fault *f)
{
	enum ng_err err;

	if ((err = check_field(s->image_url, 1, STORE_URL_MAX, f, "image_url",
		 "Choose an image: " IMAGE_WHY, URL_LONG)) != NG_OK ||
	    (err = check_field(s->alt, 0, STORE_DEK_MAX, f, "alt", "",
		 TEXT_LONG)) != NG_OK ||
	    (err = check_field(s->caption, 0, STORE_DEK_MAX, f, "caption", "",
		 TEXT_LONG)) != NG_OK ||
	    (err = check_field(s->link_url, 0, STORE_URL_MAX, f, "link_url", "",
		 URL_LONG)) != NG_OK)
		return err;
	if (s->image_url.n < 2 || !site_path(s->image_url))
		return fault(f, "image_url", IMAGE_WHY, NG_EINVAL);
	if (s->link_url.n > 0 && !link_ok(s->link_url))
		return fault(f, "link_url", LINK_WHY, NG_EINVAL);
	if (s->slider_id <= 0 || s->position < 0)
		return fault(f, "", "No such slider.", NG_EINVAL);
	return NG_OK;
}

static enum ng_err
slide_check(const struct slide *s)
{
	return store_slide_fault(s, NULL);
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

enum ng_err
store_ad_slot_fault(const struct ad_slot *s, struct store_fault *f)
{
	if (!slot_name_ok(s->name))
		return fault(f, "name",
		    s->name.n == 0 ? "Give the slot a name." :
				     "Use only a-z, 0-9, _ and - in the name "
				     "(at most 64 characters).",
		    NG_EINVAL);
	if ((unsigned)s->placement >= AD_PLACE__MAX)
		return fault(f, "placement", "Choose one of the placements.",
		    NG_EINVAL);
	if (s->width < 1 || s->width > STORE_AD_SIZE_MAX)
		return fault(f, "width", "Give a width of 1 to 2000 pixels.",
		    NG_EINVAL);
	if (s->height < 1 || s->height > STORE_AD_SIZE_MAX)
		return fault(f, "height", "Give a height of 1 to 2000 pixels.",
		    NG_EINVAL);
	if (s->position < 0 || s->position > 10000)
		return fault(f, "position", "Give a position of 0 to 10000.",
		    NG_EINVAL);
	return NG_OK;
}

static int
slot_ok(const struct ad_slot *s)
{
	return store_ad_slot_fault(s, NULL) == NG_OK;
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
enum ng_err
store_ad_fault(const struct ad *ad, struct store_fault *f)
{
	enum ng_err err;

	if ((err = check_field(ad->name, 1, STORE_NAME_MAX, f, "name",
		 "Give the ad a name.", "Too long: at most 200 characters.")) !=
		NG_OK ||
	    (err = check_field(ad->image_url, 0, STORE_URL_MAX, f, "image_url",
		 "", URL_LONG)) != NG_OK ||
	    (err = check_field(ad->link_url, 0, STORE_URL_MAX, f, "link_url",
		 "", URL_LONG)) != NG_OK ||
	    (err = check_field(ad->alt, 0, STORE_DEK_MAX, f, "alt", "",
		 TEXT_LONG)) != NG_OK)
		return err;
	if (ad->code.n > STORE_AD_CODE_MAX)
		return fault(f, "code", "Too long: at most 64 KiB of code.",
		    NG_ETOOBIG);
	if (ad->slot_id <= 0)
		return fault(f, "slot_id", "Choose a slot.", NG_EINVAL);
	if (ad->weight < 1 || ad->weight > STORE_AD_WEIGHT_MAX)
		return fault(f, "weight", "Give a weight of 1 to 1000.",
		    NG_EINVAL);
	if (ad->starts_at < 0)
		return fault(f, "starts", "Give a date and time.", NG_EINVAL);
	if (ad->ends_at < 0 ||
	    (ad->ends_at != 0 && ad->ends_at <= ad->starts_at))
		return fault(f, "ends", "The end must come after the start.",
		    NG_EINVAL);
	if (ad->section_id < 0)
		return fault(f, "section_id", "Choose a section.", NG_EINVAL);
	switch (ad->kind) {
	case AD_IMAGE:
		if (!site_path(ad->image_url))
			return fault(f, "image_url", IMAGE_WHY, NG_EINVAL);
		if (!link_ok(ad->link_url))
			return fault(f, "link_url",
			    ad->link_url.n == 0 ?
				"An image ad needs a link: " LINK_WHY :
				LINK_WHY,
			    NG_EINVAL);
		if (ad->alt.n == 0)
			return fault(f, "alt",
			    "An image ad needs alt text: what the image says, "
			    "for readers who cannot see it.",
			    NG_EINVAL);
		break;
	case AD_CODE:
		if (ad->code.n == 0)
			return fault(f, "code", "Paste the ad's code.",
			    NG_EINVAL);
		if (memchr(ad->code.p, '\0', ad->code.n) != NULL)
			return fault(f, "code", "The code holds a NUL byte.",
			    NG_EINVAL);
		break;
	case AD_SLIDER:
		if (ad->slider_id <= 0)
			return fault(f, "slider_id", "Choose a slider.",
			    NG_EINVAL);
		break;
	default:
		return fault(f, "kind", "Choose a kind of ad.", NG_EINVAL);
	}
	return NG_OK;
}

static enum ng_err
ad_check(const struct ad *ad)
{
	return store_ad_fault(ad, NULL);
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
