/*
 * ads.c -- ad slots and ads in the newsroom.  A slot is a named
 * place with a fixed size and a placement (header, sidebar, between front
 * blocks, after a paragraph, below articles, or only where an [ad]
 * shortcode asks); an ad is an image with a link, third-party code, or a
 * slider of house ads, with a weight, optional dates and an optional
 * section.  Editors and administrators only (promo.h).
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/promo.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

/* A whole number in [lo, hi] from a form field; -1 when it is not. */
static int
field_int(struct req *r, const char *name, int lo, int hi)
{
	struct str v = admin_field(r, name);
	int64_t	   n;

	if (str_eqc(v, "0"))
		n = 0;
	else if ((n = admin_parse_id(v)) == 0)
		return -1;
	return n < lo || n > hi ? -1 : (int)n;
}

/* Options of a <select>: names, the one equal to cur selected. */
static struct tv *
name_options(struct admin_ctx *ctx, const char *(*name)(int), int max, int cur)
{
	struct tv *list, *o;
	int	   k;

	list = tv_list(ctx->a);
	for (k = 0; k < max; k++) {
		o = tv_map(ctx->a);
		tv_set_cstr(ctx->a, o, "name", name(k));
		tv_set_bool(ctx->a, o, "selected", k == cur);
		tv_push(ctx->a, list, o);
	}
	return list;
}

static const char *
placement_name(int k)
{
	return store_ad_placement_name((enum ad_placement)k);
}

static const char *
kind_name(int k)
{
	return store_ad_kind_name((enum ad_kind)k);
}

/* "YYYY-MM-DDTHH:MM" in the site's zone for a datetime-local input. */
static const char *
local_input(struct admin_ctx *ctx, int64_t t)
{
	char buf[64];

	if (t == 0)
		return "";
	admin_fmt_time(ctx, t, buf, sizeof(buf));
	/* "2024-04-25 10:00 Zone": the input wants "2024-04-25T10:00". */
	if (strlen(buf) < 16)
		return "";
	buf[10] = 'T';
	buf[16] = '\0';
	return arena_strndup(ctx->a, buf, 16);
}

/* (id, label, selected) options from ids and names; 0: "none" label. */
static struct tv *
id_options(struct admin_ctx *ctx, const char *none, size_t n,
    const int64_t *ids, const struct str *names, int64_t cur)
{
	struct tv *list, *o;
	size_t	   i;

	list = tv_list(ctx->a);
	if (none != NULL) {
		o = tv_map(ctx->a);
		tv_set_int(ctx->a, o, "id", 0);
		tv_set_cstr(ctx->a, o, "label", none);
		tv_set_bool(ctx->a, o, "selected", cur == 0);
		tv_push(ctx->a, list, o);
	}
	for (i = 0; i < n; i++) {
		o = tv_map(ctx->a);
		tv_set_int(ctx->a, o, "id", ids[i]);
		tv_set_str(ctx->a, o, "label", names[i]);
		tv_set_bool(ctx->a, o, "selected", ids[i] == cur);
		tv_push(ctx->a, list, o);
	}
	return list;
}

/* The slot, slider and section choices of an ad form, into m. */
static enum ng_err
ad_choices(struct admin_ctx *ctx, struct tv *m, const struct ad *ad)
{
	struct ad_slot *slots = NULL;
	struct slider  *sliders = NULL;
	struct section *secs = NULL;
	int64_t	       *ids;
	struct str     *names;
	size_t		i, ns = 0, nl = 0, nc = 0, max;
	enum ng_err	err;

	if ((err = store_ad_slot_list(ctx->a, ctx->st, &slots, &ns)) != NG_OK ||
	    (err = store_slider_list(ctx->a, ctx->st, &sliders, &nl)) !=
		NG_OK ||
	    (err = store_sections(ctx->a, ctx->st, &secs, &nc)) != NG_OK)
		return err;
	max = ns > nl ? ns : nl;
	max = max > nc ? max : nc;
	ids = arena_calloc(ctx->a, max + 1, sizeof(*ids));
	names = arena_calloc(ctx->a, max + 1, sizeof(*names));
	if (ids == NULL || names == NULL)
		return NG_ENOMEM;
	for (i = 0; i < ns; i++) {
		ids[i] = slots[i].id;
		names[i] = slots[i].name;
	}
	tv_set(ctx->a, m, "slot_options",
	    id_options(ctx, NULL, ns, ids, names, ad->slot_id));
	for (i = 0; i < nl; i++) {
		ids[i] = sliders[i].id;
		names[i] = sliders[i].name;
	}
	tv_set(ctx->a, m, "slider_options",
	    id_options(ctx, "(none)", nl, ids, names, ad->slider_id));
	for (i = 0; i < nc; i++) {
		ids[i] = secs[i].id;
		names[i] = secs[i].name;
	}
	tv_set(ctx->a, m, "section_options",
	    id_options(ctx, "Every section", nc, ids, names, ad->section_id));
	tv_set(ctx->a, m, "kind_options",
	    name_options(ctx, kind_name, AD__MAX, (int)ad->kind));
	tv_set_bool(ctx->a, m, "has_slots", ns > 0);
	return NG_OK;
}

/* An ad as a template map. */
static struct tv *
ad_tv(struct admin_ctx *ctx, const struct ad *ad)
{
	struct tv *x;

	x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", ad->id);
	tv_set_str(ctx->a, x, "name", ad->name);
	tv_set_cstr(ctx->a, x, "kind", store_ad_kind_name(ad->kind));
	tv_set_str(ctx->a, x, "image_url", ad->image_url);
	tv_set_str(ctx->a, x, "link_url", ad->link_url);
	tv_set_str(ctx->a, x, "alt", ad->alt);
	tv_set_str(ctx->a, x, "code", ad->code);
	tv_set_int(ctx->a, x, "weight", ad->weight);
	tv_set_cstr(ctx->a, x, "starts", local_input(ctx, ad->starts_at));
	tv_set_cstr(ctx->a, x, "ends", local_input(ctx, ad->ends_at));
	tv_set_bool(ctx->a, x, "active", ad->active);
	return x;
}

/*
 * The ad of the form.  Fields that do not belong to the kind are cleared
 * so a changed kind leaves nothing stale behind.  0 when a number or a
 * date does not parse (the store checks the rest).
 */
static int
ad_fields(struct admin_ctx *ctx, struct ad *ad)
{
	struct req *r = ctx->r;
	struct str  starts, ends;
	int	    w;

	ad->slot_id = admin_parse_id(admin_field(r, "slot_id"));
	ad->name = admin_field(r, "name");
	if (!store_ad_kind_parse(admin_field(r, "kind"), &ad->kind))
		return 0;
	ad->image_url = ad->link_url = ad->alt = ad->code = STR_NULL;
	ad->slider_id = 0;
	switch (ad->kind) {
	case AD_IMAGE:
		ad->image_url = admin_field(r, "image_url");
		ad->link_url = admin_field(r, "link_url");
		ad->alt = admin_field(r, "alt");
		break;
	case AD_CODE:
		/* Code as written: no trimming inside. */
		ad->code = req_form(r, "code");
		break;
	default:
		ad->slider_id = admin_parse_id(admin_field(r, "slider_id"));
		break;
	}
	if ((w = field_int(r, "weight", 1, STORE_AD_WEIGHT_MAX)) < 0)
		return 0;
	ad->weight = w;
	ad->section_id = admin_parse_id(admin_field(r, "section_id"));
	starts = admin_field(r, "starts");
	ends = admin_field(r, "ends");
	ad->starts_at = starts.n ? admin_parse_local_time(ctx, starts) : 0;
	ad->ends_at = ends.n ? admin_parse_local_time(ctx, ends) : 0;
	if ((starts.n && ad->starts_at == 0) || (ends.n && ad->ends_at == 0))
		return 0;
	ad->active = str_eqc(admin_field(r, "active"), "1");
	return 1;
}

#define SLOT_BAD                                             \
	"A slot needs a name of a-z 0-9 _ -, a known "       \
	"placement, a width and height of 1 to 2000 pixels " \
	"and a position of 0 to 10000."

/* The slot of the form; 0 when a number or the placement is not one. */
static int
slot_fields(struct req *r, struct ad_slot *slot)
{
	int p;

	slot->name = admin_field(r, "name");
	if (!store_ad_placement_parse(admin_field(r, "placement"),
		&slot->placement))
		return 0;
	slot->width = field_int(r, "width", 1, STORE_AD_SIZE_MAX);
	slot->height = field_int(r, "height", 1, STORE_AD_SIZE_MAX);
	p = admin_field(r, "position").n ? field_int(r, "position", 0, 10000) :
					   0;
	if (slot->width < 0 || slot->height < 0 || p < 0)
		return 0;
	slot->position = p;
	return 1;
}

static enum ng_err
ads_page(struct admin_ctx *ctx)
{
	struct ad_slot *slots = NULL;
	struct ad      *ads = NULL, blank;
	struct tv      *root, *list, *x, *al, *form;
	size_t		i, k, ns = 0, na = 0;
	enum ng_err	err;

	if ((err = store_ad_slot_list(ctx->a, ctx->st, &slots, &ns)) != NG_OK ||
	    (err = store_ad_list(ctx->a, ctx->st, 0, &ads, &na)) != NG_OK)
		return err;
	root = admin_view(ctx, "Ads");
	list = tv_list(ctx->a);
	for (i = 0; i < ns; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", slots[i].id);
		tv_set_str(ctx->a, x, "name", slots[i].name);
		tv_set_cstr(ctx->a, x, "placement",
		    store_ad_placement_name(slots[i].placement));
		tv_set_int(ctx->a, x, "position", slots[i].position);
		tv_set_bool(ctx->a, x, "has_position",
		    slots[i].placement == AD_PLACE_AFTER_PARAGRAPH ||
			slots[i].placement == AD_PLACE_FRONT);
		tv_set_int(ctx->a, x, "width", slots[i].width);
		tv_set_int(ctx->a, x, "height", slots[i].height);
		tv_set(ctx->a, x, "placements",
		    name_options(ctx, placement_name, AD_PLACE__MAX,
			(int)slots[i].placement));
		al = tv_list(ctx->a);
		for (k = 0; k < na; k++)
			if (ads[k].slot_id == slots[i].id)
				tv_push(ctx->a, al, ad_tv(ctx, &ads[k]));
		tv_set(ctx->a, x, "ads", al);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "slots", list);
	tv_set(ctx->a, root, "placement_options",
	    name_options(ctx, placement_name, AD_PLACE__MAX, AD_PLACE_INLINE));
	memset(&blank, 0, sizeof(blank));
	blank.weight = 1;
	blank.active = 1;
	form = ad_tv(ctx, &blank);
	if ((err = ad_choices(ctx, form, &blank)) != NG_OK)
		return err;
	tv_set(ctx->a, root, "new_ad", form);
	return admin_render(ctx, root, "admin_ads", 200);
}

enum ng_err
admin_ads(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct ad_slot	 slot;
	struct ad	 ad;
	struct str	 act;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return ads_page(&ctx);
	act = admin_field(r, "action");
	if (str_eqc(act, "add_slot")) {
		memset(&slot, 0, sizeof(slot));
		if (!slot_fields(r, &slot))
			return admin_forbidden(&ctx, SLOT_BAD);
		err = store_ad_slot_add(ctx.st, &slot, &id);
	} else if (str_eqc(act, "add_ad")) {
		memset(&ad, 0, sizeof(ad));
		if (!ad_fields(&ctx, &ad))
			return admin_forbidden(&ctx,
			    "Unknown kind, or a "
			    "weight or date that is not one.");
		err = store_ad_add(ctx.st, &ad, &id);
	} else
		return admin_forbidden(&ctx, "Unknown action.");
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, "/admin/ads/", "added");
}

enum ng_err
admin_ad_slot(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct ad_slot	 slot;
	struct str	 act;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	memset(&slot, 0, sizeof(slot));
	slot.id = admin_parse_id(req_cap(r, 0));
	act = admin_field(r, "action");
	if (str_eqc(act, "delete")) {
		if ((err = store_ad_slot_delete(ctx.st, slot.id)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, "/admin/ads/", "deleted");
	}
	if (!str_eqc(act, "update"))
		return admin_forbidden(&ctx, "Unknown action.");
	if (!slot_fields(r, &slot))
		return admin_forbidden(&ctx, SLOT_BAD);
	if ((err = store_ad_slot_update(ctx.st, &slot)) != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, "/admin/ads/", "updated");
}

enum ng_err
admin_ad(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct ad	 ad;
	struct tv	*root, *form;
	struct str	 act;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if ((err = store_ad_get(ctx.a, ctx.st, admin_parse_id(req_cap(r, 0)),
		 &ad)) != NG_OK)
		return err;
	if (r->method == HTTP_POST) {
		act = admin_field(r, "action");
		if (str_eqc(act, "delete")) {
			if ((err = store_ad_delete(ctx.st, ad.id)) != NG_OK)
				return promo_write_failed(&ctx, err);
			return promo_redirect(&ctx, "/admin/ads/", "deleted");
		}
		if (!str_eqc(act, "update"))
			return admin_forbidden(&ctx, "Unknown action.");
		if (!ad_fields(&ctx, &ad))
			return admin_forbidden(&ctx,
			    "Unknown kind, or a "
			    "weight or date that is not one.");
		if ((err = store_ad_update(ctx.st, &ad)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, "/admin/ads/", "updated");
	}
	root = admin_view(&ctx, "Ad");
	form = ad_tv(&ctx, &ad);
	if ((err = ad_choices(&ctx, form, &ad)) != NG_OK)
		return err;
	tv_set(ctx.a, root, "ad", form);
	return admin_render(&ctx, root, "admin_ad", 200);
}
