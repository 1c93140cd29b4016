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

/*
 * The slot, slider, section and library choices of an ad form, into m;
 * typed: the form comes back refused, its library choice kept.
 */
static enum ng_err
ad_choices(struct admin_ctx *ctx, struct tv *m, const struct ad *ad, int typed)
{
	struct media   *lib;
	size_t		nlib;
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
	if ((err = promo_library_load(ctx, &lib, &nlib)) != NG_OK)
		return err;
	tv_set(ctx->a, m, "library_options",
	    promo_library_options(ctx, lib, nlib,
		typed ? admin_parse_id(admin_field(ctx->r, "media_id")) : 0));
	tv_set_bool(ctx->a, m, "has_library", nlib > 0);
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

static const struct admin_field_label ad_labels[] = {
	{ "slot_id", "Slot" },
	{ "name", "Name" },
	{ "kind", "Kind" },
	{ "media_id", "From the library" },
	{ "image_url", "Image" },
	{ "link_url", "Link" },
	{ "alt", "Alt text" },
	{ "code", "Code" },
	{ "slider_id", "Slider" },
	{ "weight", "Weight" },
	{ "starts", "Starts" },
	{ "ends", "Ends" },
	{ "section_id", "Section" },
	{ "placement", "Placement" },
	{ "position", "Position" },
	{ "width", "Width" },
	{ "height", "Height" },
	{ NULL, NULL },
};

/* The first fault of a form: the field and why, unless one is set. */
static void
first_fault(struct store_fault *f, const char *field, const char *why)
{
	if (f->field == NULL) {
		f->field = field;
		f->why = why;
	}
}

/*
 * The ad of the form, and in f the first field at fault (f->field NULL:
 * none).  Fields that do not belong to the kind are cleared so a changed
 * kind leaves nothing stale behind.
 */
static void
ad_fields(struct admin_ctx *ctx, struct ad *ad, struct store_fault *f)
{
	struct req *r = ctx->r;
	struct str  starts, ends;
	int64_t	    chosen;
	int	    w;

	memset(f, 0, sizeof(*f));
	ad->slot_id = admin_parse_id(admin_field(r, "slot_id"));
	ad->name = admin_field(r, "name");
	if (!store_ad_kind_parse(admin_field(r, "kind"), &ad->kind))
		first_fault(f, "kind", "Choose a kind of ad.");
	ad->image_url = ad->link_url = ad->alt = ad->code = STR_NULL;
	ad->slider_id = 0;
	switch (ad->kind) {
	case AD_IMAGE:
		ad->image_url = admin_field(r, "image_url");
		ad->link_url = admin_field(r, "link_url");
		ad->alt = admin_field(r, "alt");
		(void)promo_library_pick(ctx, &ad->image_url, &ad->alt, NULL,
		    &chosen, f);
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
		first_fault(f, "weight", "Give a weight of 1 to 1000.");
	else
		ad->weight = w;
	ad->section_id = admin_parse_id(admin_field(r, "section_id"));
	starts = admin_field(r, "starts");
	ends = admin_field(r, "ends");
	ad->starts_at = starts.n ? admin_parse_local_time(ctx, starts) : 0;
	ad->ends_at = ends.n ? admin_parse_local_time(ctx, ends) : 0;
	if (starts.n && ad->starts_at == 0)
		first_fault(f, "starts",
		    "Give a date and time, or leave it empty.");
	if (ends.n && ad->ends_at == 0)
		first_fault(f, "ends",
		    "Give a date and time, or leave it empty.");
	ad->active = str_eqc(admin_field(r, "active"), "1");
	if (f->field == NULL)
		(void)store_ad_fault(ad, f);
}

/* The slot of the form, and in f the first field at fault. */
static void
slot_fields(struct req *r, struct ad_slot *slot, struct store_fault *f)
{
	int p;

	memset(f, 0, sizeof(*f));
	slot->name = admin_field(r, "name");
	if (!store_ad_placement_parse(admin_field(r, "placement"),
		&slot->placement))
		first_fault(f, "placement", "Choose one of the placements.");
	slot->width = field_int(r, "width", 1, STORE_AD_SIZE_MAX);
	slot->height = field_int(r, "height", 1, STORE_AD_SIZE_MAX);
	p = admin_field(r, "position").n ? field_int(r, "position", 0, 10000) :
					   0;
	slot->position = p;
	if (f->field == NULL)
		(void)store_ad_slot_fault(slot, f);
}

/* What was typed in a number or date field, kept as it was. */
static void
keep_typed(struct admin_ctx *ctx, struct tv *form, const char *const *names)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		tv_set_str(ctx->a, form, names[i],
		    admin_field(ctx->r, names[i]));
}

static const char *const ad_typed[] = { "weight", "starts", "ends", NULL };
static const char *const slot_typed[] = { "name", "position", "width", "height",
	NULL };

/*
 * A form of the ads page sent back with a fault: which one (a new slot,
 * slot slot_id, a new ad) and what is wrong; what was typed is read
 * again from the request.
 */
struct ads_redo {
	enum {
		REDO_NEW_SLOT,
		REDO_SLOT,
		REDO_NEW_AD
	} form;
	int64_t		   slot_id;
	struct ad_slot	   slot;
	struct ad	   ad;
	struct store_fault f;
};

static enum ng_err
ads_page(struct admin_ctx *ctx, const struct ads_redo *redo, int status)
{
	struct ad_slot *slots = NULL;
	struct ad      *ads = NULL, blank;
	struct tv      *root, *list, *x, *al, *form;
	size_t		i, k, ns = 0, na = 0;
	int		redo_slot;
	enum ng_err	err;

	if ((err = store_ad_slot_list(ctx->a, ctx->st, &slots, &ns)) != NG_OK ||
	    (err = store_ad_list(ctx->a, ctx->st, 0, &ads, &na)) != NG_OK)
		return err;
	root = admin_view(ctx, "Ads");
	list = tv_list(ctx->a);
	for (i = 0; i < ns; i++) {
		x = tv_map(ctx->a);
		redo_slot = redo != NULL && redo->form == REDO_SLOT &&
		    redo->slot_id == slots[i].id;
		tv_set_int(ctx->a, x, "id", slots[i].id);
		tv_set_str(ctx->a, x, "name", slots[i].name);
		tv_set_str(ctx->a, x, "shown_name", slots[i].name);
		tv_set_cstr(ctx->a, x, "placement",
		    store_ad_placement_name(slots[i].placement));
		tv_set_int(ctx->a, x, "position", slots[i].position);
		tv_set_bool(ctx->a, x, "has_position",
		    slots[i].placement == AD_PLACE_AFTER_PARAGRAPH ||
			slots[i].placement == AD_PLACE_FRONT);
		tv_set_int(ctx->a, x, "width", slots[i].width);
		tv_set_int(ctx->a, x, "height", slots[i].height);
		tv_set_str(ctx->a, x, "shown_size",
		    str_c(arena_printf(ctx->a, "%d×%d", slots[i].width,
			slots[i].height)));
		tv_set(ctx->a, x, "placements",
		    name_options(ctx, placement_name, AD_PLACE__MAX,
			(int)(redo_slot ? redo->slot.placement :
					  slots[i].placement)));
		if (redo_slot) {
			keep_typed(ctx, x, slot_typed);
			admin_form_fault(ctx, x, ad_labels, &redo->f);
		}
		al = tv_list(ctx->a);
		for (k = 0; k < na; k++)
			if (ads[k].slot_id == slots[i].id)
				tv_push(ctx->a, al, ad_tv(ctx, &ads[k]));
		tv_set(ctx->a, x, "ads", al);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "slots", list);
	x = tv_map(ctx->a);
	tv_set_cstr(ctx->a, x, "name", "");
	tv_set_cstr(ctx->a, x, "position", "0");
	tv_set_cstr(ctx->a, x, "width", "");
	tv_set_cstr(ctx->a, x, "height", "");
	if (redo != NULL && redo->form == REDO_NEW_SLOT) {
		keep_typed(ctx, x, slot_typed);
		admin_form_fault(ctx, x, ad_labels, &redo->f);
	}
	tv_set(ctx->a, x, "placement_options",
	    name_options(ctx, placement_name, AD_PLACE__MAX,
		redo != NULL && redo->form == REDO_NEW_SLOT ?
		    (int)redo->slot.placement :
		    AD_PLACE_INLINE));
	tv_set(ctx->a, root, "new_slot", x);
	memset(&blank, 0, sizeof(blank));
	blank.weight = 1;
	blank.active = 1;
	if (redo != NULL && redo->form == REDO_NEW_AD) {
		form = ad_tv(ctx, &redo->ad);
		keep_typed(ctx, form, ad_typed);
		admin_form_fault(ctx, form, ad_labels, &redo->f);
		err = ad_choices(ctx, form, &redo->ad, 1);
	} else {
		form = ad_tv(ctx, &blank);
		err = ad_choices(ctx, form, &blank, 0);
	}
	if (err != NG_OK)
		return err;
	tv_set(ctx->a, root, "new_ad", form);
	return admin_render(ctx, root, "admin_ads", status);
}

enum ng_err
admin_ads(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct ads_redo	 redo;
	struct str	 act;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return ads_page(&ctx, NULL, 200);
	memset(&redo, 0, sizeof(redo));
	act = admin_field(r, "action");
	if (str_eqc(act, "add_slot")) {
		redo.form = REDO_NEW_SLOT;
		slot_fields(r, &redo.slot, &redo.f);
		if (redo.f.field != NULL)
			return ads_page(&ctx, &redo, 422);
		err = store_ad_slot_add(ctx.st, &redo.slot, &id);
		if (err == NG_ECONFLICT) {
			redo.f.field = "name";
			redo.f.why = "A slot of that name exists already.";
			return ads_page(&ctx, &redo, 422);
		}
	} else if (str_eqc(act, "add_ad")) {
		redo.form = REDO_NEW_AD;
		ad_fields(&ctx, &redo.ad, &redo.f);
		if (redo.f.field != NULL)
			return ads_page(&ctx, &redo, 422);
		err = store_ad_add(ctx.st, &redo.ad, &id);
	} else
		return admin_refuse(&ctx, 400, "Unknown action",
		    "This form has no such button.");
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, "/admin/ads/", "added");
}

enum ng_err
admin_ad_slot(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct ads_redo	 redo;
	struct str	 act;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	memset(&redo, 0, sizeof(redo));
	redo.form = REDO_SLOT;
	redo.slot_id = redo.slot.id = admin_parse_id(req_cap(r, 0));
	act = admin_field(r, "action");
	if (str_eqc(act, "delete")) {
		if ((err = store_ad_slot_delete(ctx.st, redo.slot.id)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, "/admin/ads/", "deleted");
	}
	if (!str_eqc(act, "update"))
		return admin_refuse(&ctx, 400, "Unknown action",
		    "This form has no such button.");
	slot_fields(r, &redo.slot, &redo.f);
	if (redo.f.field != NULL)
		return ads_page(&ctx, &redo, 422);
	err = store_ad_slot_update(ctx.st, &redo.slot);
	if (err == NG_ECONFLICT) {
		redo.f.field = "name";
		redo.f.why = "A slot of that name exists already.";
		return ads_page(&ctx, &redo, 422);
	}
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, "/admin/ads/", "updated");
}

/* One ad's page; f (NULL: none) marks what was typed wrong. */
static enum ng_err
ad_page(struct admin_ctx *ctx, const struct ad *ad, struct str heading,
    const struct store_fault *f, int status)
{
	struct tv  *root, *form;
	enum ng_err err;

	root = admin_view(ctx, "Ad");
	form = ad_tv(ctx, ad);
	tv_set_str(ctx->a, form, "heading", heading);
	if (f != NULL) {
		keep_typed(ctx, form, ad_typed);
		admin_form_fault(ctx, form, ad_labels, f);
	}
	if ((err = ad_choices(ctx, form, ad, f != NULL)) != NG_OK)
		return err;
	tv_set(ctx->a, root, "ad", form);
	return admin_render(ctx, root, "admin_ad", status);
}

enum ng_err
admin_ad(struct req *r, struct resp *rs)
{
	struct admin_ctx   ctx;
	struct ad	   ad;
	struct str	   stored;
	struct store_fault f;
	struct str	   act;
	enum ng_err	   err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if ((err = store_ad_get(ctx.a, ctx.st, admin_parse_id(req_cap(r, 0)),
		 &ad)) != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return ad_page(&ctx, &ad, ad.name, NULL, 200);
	act = admin_field(r, "action");
	if (str_eqc(act, "delete")) {
		if ((err = store_ad_delete(ctx.st, ad.id)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, "/admin/ads/", "deleted");
	}
	if (!str_eqc(act, "update"))
		return admin_refuse(&ctx, 400, "Unknown action",
		    "This form has no such button.");
	stored = ad.name;
	ad_fields(&ctx, &ad, &f);
	if (f.field != NULL)
		return ad_page(&ctx, &ad, stored, &f, 422);
	if ((err = store_ad_update(ctx.st, &ad)) != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, "/admin/ads/", "updated");
}
