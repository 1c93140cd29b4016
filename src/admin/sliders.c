/*
 * sliders.c -- image sliders in the newsroom: the list, a new
 * slider, and one slider's page where its name and its ordered slides
 * (image, caption, link, alt text) are edited.
 *
 * Sliders and ads are the site's furniture, not anyone's article, so
 * they belong to the roles that manage the taxonomy: editors and
 * administrators (promo.h).  Every write goes through admin_enter(),
 * which checks the session, the role and the CSRF token.
 */
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/promo.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

enum ng_err
promo_write_failed(struct admin_ctx *ctx, enum ng_err err)
{
	switch (err) {
	case NG_ECONFLICT:
		return admin_refuse(ctx, 409, "Not saved",
		    "That name is already used.");
	case NG_EINVAL:
	case NG_ETOOBIG:
		/* What the forms can get wrong is caught before (faults). */
		return admin_refuse(ctx, 422, "Not saved",
		    "The slot, slider or section chosen no longer exists.");
	default:
		return err;
	}
}

enum ng_err
promo_redirect(struct admin_ctx *ctx, const char *base, const char *msg)
{
	const char *loc;

	loc = arena_printf(ctx->a, "%s?msg=%s", base, msg);
	admin_redirect(ctx, loc != NULL ? loc : base);
	return NG_OK;
}

enum ng_err
promo_library_load(struct admin_ctx *ctx, struct media **v, size_t *n)
{
	struct media *all;
	size_t	      i, k, na;
	enum ng_err   err;

	*v = NULL;
	*n = 0;
	if ((err = store_media_list(ctx->a, ctx->st, 0, PROMO_LIBRARY_MAX, &all,
		 &na)) != NG_OK)
		return err;
	for (i = k = 0; i < na; i++)
		if (all[i].mime.n >= 6 &&
		    memcmp(all[i].mime.p, "image/", 6) == 0)
			all[k++] = all[i];
	*v = all;
	*n = k;
	return NG_OK;
}

struct tv *
promo_library_options(struct admin_ctx *ctx, const struct media *v, size_t n,
    int64_t chosen)
{
	struct tv *list, *o;
	size_t	   i;

	list = tv_list(ctx->a);
	o = tv_map(ctx->a);
	tv_set_int(ctx->a, o, "value", 0);
	tv_set_cstr(ctx->a, o, "label", "(the site path below)");
	tv_set_bool(ctx->a, o, "selected", chosen == 0);
	tv_push(ctx->a, list, o);
	for (i = 0; i < n; i++) {
		o = tv_map(ctx->a);
		tv_set_int(ctx->a, o, "value", v[i].id);
		tv_set_cstr(ctx->a, o, "label",
		    arena_printf(ctx->a, "#%lld %.*s%s%.*s", (long long)v[i].id,
			(int)v[i].alt.n, v[i].alt.p,
			v[i].filename.n > 0 ? " · " : "", (int)v[i].filename.n,
			v[i].filename.p));
		tv_set_bool(ctx->a, o, "selected", v[i].id == chosen);
		tv_push(ctx->a, list, o);
	}
	return list;
}

int
promo_library_pick(struct admin_ctx *ctx, struct str *image_url,
    struct str *alt, struct str *caption, int64_t *chosen,
    struct store_fault *f)
{
	struct media m;
	struct str   v = admin_field(ctx->r, "media_id");
	const char  *url;

	*chosen = 0;
	if (v.n == 0 || str_eqc(v, "0"))
		return 0;
	*chosen = admin_parse_id(v);
	if (*chosen == 0 ||
	    store_media_get(ctx->a, ctx->st, *chosen, &m) != NG_OK ||
	    m.mime.n < 6 || memcmp(m.mime.p, "image/", 6) != 0) {
		if (f->field == NULL) {
			f->field = "media_id";
			f->why = "No such image in the library: choose "
				 "another, or give a site path.";
		}
		return -1;
	}
	if ((url = arena_printf(ctx->a, "/media/%.*s", (int)m.path.n,
		 m.path.p)) == NULL)
		return -1;
	*image_url = (struct str){ url, strlen(url) };
	if (alt->n == 0)
		*alt = m.alt;
	if (caption != NULL && caption->n == 0)
		*caption = m.caption;
	return 1;
}

/*
 * A slide from the form fields of the add and edit forms: an image
 * chosen from the library (media_id) gives its path, and its alt text
 * and caption where those were left empty.  *chosen and f as
 * promo_library_pick() says.
 */
static void
slide_fields(struct admin_ctx *ctx, struct slide *s, int64_t *chosen,
    struct store_fault *f)
{
	struct req *r = ctx->r;

	s->image_url = admin_field(r, "image_url");
	s->alt = admin_field(r, "alt");
	s->caption = admin_field(r, "caption");
	s->link_url = admin_field(r, "link_url");
	(void)promo_library_pick(ctx, &s->image_url, &s->alt, &s->caption,
	    chosen, f);
}

static const struct admin_field_label slide_labels[] = {
	{ "media_id", "From the library" },
	{ "image_url", "Image" },
	{ "alt", "Alt text" },
	{ "caption", "Caption" },
	{ "link_url", "Link" },
	{ "name", "Name" },
	{ NULL, NULL },
};

/* The list of sliders; typed (NULL: none) and f: a new one refused. */
static enum ng_err
sliders_page(struct admin_ctx *ctx, const struct str *typed,
    const struct store_fault *f, int status)
{
	struct slider *v = NULL;
	struct tv     *root, *list, *x;
	size_t	       i, n = 0;
	enum ng_err    err;

	if ((err = store_slider_list(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Sliders");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_str(ctx->a, x, "name", v[i].name);
		tv_set_int(ctx->a, x, "nslides", (int64_t)v[i].nslides);
		tv_set_int(ctx->a, x, "legacy_id", v[i].legacy_id);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "sliders", list);
	x = tv_map(ctx->a);
	tv_set_str(ctx->a, x, "name", typed != NULL ? *typed : STR_LIT(""));
	if (f != NULL)
		admin_form_fault(ctx, x, slide_labels, f);
	tv_set(ctx->a, root, "new_slider", x);
	return admin_render(ctx, root, "admin_sliders", status);
}

enum ng_err
admin_sliders(struct req *r, struct resp *rs)
{
	struct admin_ctx   ctx;
	struct slider	   s;
	struct store_fault f;
	int64_t		   id;
	enum ng_err	   err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return sliders_page(&ctx, NULL, NULL, 200);
	memset(&s, 0, sizeof(s));
	s.name = admin_field(r, "name");
	if (s.name.n == 0 || s.name.n > STORE_NAME_MAX) {
		f.field = "name";
		f.why = s.name.n == 0 ? "Give the slider a name." :
					"Too long: at most 200 characters.";
		return sliders_page(&ctx, &s.name, &f, 422);
	}
	if ((err = store_slider_add(ctx.st, &s, &id)) != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx,
	    arena_printf(ctx.a, "/admin/sliders/%lld/", (long long)id),
	    "added");
}

/*
 * A form of the slider page sent back with a fault: which one (the
 * rename form, the add form, or slide slide_id's), what was typed in
 * it, and what is wrong.
 */
struct slider_redo {
	enum {
		REDO_RENAME,
		REDO_ADD,
		REDO_SLIDE
	} form;
	int64_t		   slide_id;
	int64_t		   chosen; /* the library image picked, 0: none */
	struct slide	   typed;
	struct str	   name;
	struct store_fault f;
};

static void
slide_tv(struct admin_ctx *ctx, struct tv *x, const struct slide *s)
{
	tv_set_str(ctx->a, x, "image_url", s->image_url);
	tv_set_str(ctx->a, x, "alt", s->alt);
	tv_set_str(ctx->a, x, "caption", s->caption);
	tv_set_str(ctx->a, x, "link_url", s->link_url);
}

/* The slider's page; redo (NULL: none) puts a faulty form back. */
static enum ng_err
slider_page(struct admin_ctx *ctx, const struct slider *sl,
    const struct slider_redo *redo, int status)
{
	struct tv    *root, *list, *x, *add, *ren;
	struct slide  blank;
	struct media *lib;
	size_t	      i, nlib;
	int64_t	      chosen;
	enum ng_err   err;

	if ((err = promo_library_load(ctx, &lib, &nlib)) != NG_OK)
		return err;
	root = admin_view(ctx, "Slider");
	tv_set_int(ctx->a, root, "id", sl->id);
	tv_set_str(ctx->a, root, "name", sl->name);
	ren = tv_map(ctx->a);
	tv_set_int(ctx->a, ren, "id", sl->id);
	tv_set_str(ctx->a, ren, "name", sl->name);
	if (redo != NULL && redo->form == REDO_RENAME) {
		tv_set_str(ctx->a, ren, "name", redo->name);
		admin_form_fault(ctx, ren, slide_labels, &redo->f);
	}
	tv_set(ctx->a, root, "rename", ren);
	list = tv_list(ctx->a);
	for (i = 0; i < sl->nslides; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "slider_id", sl->id);
		tv_set_int(ctx->a, x, "id", sl->slides[i].id);
		tv_set_int(ctx->a, x, "number", (int64_t)i + 1);
		chosen = 0;
		if (redo != NULL && redo->form == REDO_SLIDE &&
		    redo->slide_id == sl->slides[i].id) {
			slide_tv(ctx, x, &redo->typed);
			admin_form_fault(ctx, x, slide_labels, &redo->f);
			chosen = redo->chosen;
		} else
			slide_tv(ctx, x, &sl->slides[i]);
		tv_set(ctx->a, x, "library_options",
		    promo_library_options(ctx, lib, nlib, chosen));
		tv_set_bool(ctx->a, x, "has_library", nlib > 0);
		tv_set_bool(ctx->a, x, "first", i == 0);
		tv_set_bool(ctx->a, x, "last", i + 1 == sl->nslides);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "slides", list);
	if (sl->nslides < STORE_SLIDES_MAX) {
		add = tv_map(ctx->a);
		tv_set_int(ctx->a, add, "id", sl->id);
		memset(&blank, 0, sizeof(blank));
		chosen = 0;
		if (redo != NULL && redo->form == REDO_ADD) {
			slide_tv(ctx, add, &redo->typed);
			admin_form_fault(ctx, add, slide_labels, &redo->f);
			chosen = redo->chosen;
		} else
			slide_tv(ctx, add, &blank);
		tv_set(ctx->a, add, "library_options",
		    promo_library_options(ctx, lib, nlib, chosen));
		tv_set_bool(ctx->a, add, "has_library", nlib > 0);
		tv_set(ctx->a, root, "new_slide", add);
	}
	return admin_render(ctx, root, "admin_slider", status);
}

enum ng_err
admin_slider(struct req *r, struct resp *rs)
{
	struct admin_ctx   ctx;
	struct slider	  *sl;
	struct slider_redo redo;
	struct str	   act;
	const char	  *self;
	int64_t		   id;
	enum ng_err	   err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if ((err = store_slider_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &sl)) != NG_OK)
		return err;
	self = arena_printf(ctx.a, "/admin/sliders/%lld/", (long long)sl->id);
	if (self == NULL)
		return NG_ENOMEM;
	if (r->method != HTTP_POST)
		return slider_page(&ctx, sl, NULL, 200);
	memset(&redo, 0, sizeof(redo));
	act = admin_field(r, "action");
	if (str_eqc(act, "rename")) {
		redo.form = REDO_RENAME;
		redo.name = admin_field(r, "name");
		if (redo.name.n == 0 || redo.name.n > STORE_NAME_MAX) {
			redo.f.field = "name";
			redo.f.why = redo.name.n == 0 ?
			    "Give the slider a name." :
			    "Too long: at most 200 characters.";
			return slider_page(&ctx, sl, &redo, 422);
		}
		err = store_slider_rename(ctx.st, sl->id, redo.name);
	} else if (str_eqc(act, "delete")) {
		if ((err = store_slider_delete(ctx.st, sl->id)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, "/admin/sliders/", "deleted");
	} else if (str_eqc(act, "add_slide")) {
		if (sl->nslides >= STORE_SLIDES_MAX)
			return admin_refuse(&ctx, 422, "Not saved",
			    "A slider has at most 50 slides.");
		redo.form = REDO_ADD;
		redo.typed.slider_id = sl->id;
		slide_fields(&ctx, &redo.typed, &redo.chosen, &redo.f);
		if (redo.f.field != NULL ||
		    store_slide_fault(&redo.typed, &redo.f) != NG_OK)
			return slider_page(&ctx, sl, &redo, 422);
		err = store_slide_add(ctx.st, &redo.typed, &id);
	} else
		return admin_refuse(&ctx, 400, "Unknown action",
		    "This form has no such button.");
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, self, "updated");
}

/*
 * Move slide k of sl by one place (dir -1 or +1): number every slide
 * 1..n in the new order, so ties and gaps left by deletes go away.
 */
static enum ng_err
slide_move(struct admin_ctx *ctx, struct slider *sl, size_t k, int dir)
{
	struct slide t;
	size_t	     i, j;
	enum ng_err  err;

	if ((dir < 0 && k == 0) || (dir > 0 && k + 1 >= sl->nslides))
		return NG_OK;
	j = dir < 0 ? k - 1 : k + 1;
	t = sl->slides[k];
	sl->slides[k] = sl->slides[j];
	sl->slides[j] = t;
	for (i = 0; i < sl->nslides; i++) {
		sl->slides[i].position = (int)i + 1;
		if ((err = store_slide_update(ctx->st, &sl->slides[i])) !=
		    NG_OK)
			return err;
	}
	return NG_OK;
}

enum ng_err
admin_slide(struct req *r, struct resp *rs)
{
	struct admin_ctx   ctx;
	struct slider	  *sl;
	struct slide	   s;
	struct slider_redo redo;
	struct str	   act;
	const char	  *self;
	size_t		   k;
	int64_t		   id;
	enum ng_err	   err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if ((err = store_slider_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &sl)) != NG_OK)
		return err;
	id = admin_parse_id(req_cap(r, 1));
	for (k = 0; k < sl->nslides && sl->slides[k].id != id; k++)
		;
	if (k == sl->nslides)
		return NG_ENOTFOUND;
	self = arena_printf(ctx.a, "/admin/sliders/%lld/", (long long)sl->id);
	if (self == NULL)
		return NG_ENOMEM;
	act = admin_field(r, "action");
	if (str_eqc(act, "delete"))
		err = store_slide_delete(ctx.st, id);
	else if (str_eqc(act, "up") || str_eqc(act, "down"))
		err = slide_move(&ctx, sl, k, str_eqc(act, "up") ? -1 : 1);
	else if (str_eqc(act, "update")) {
		s = sl->slides[k];
		memset(&redo, 0, sizeof(redo));
		slide_fields(&ctx, &s, &redo.chosen, &redo.f);
		if (redo.f.field != NULL ||
		    store_slide_fault(&s, &redo.f) != NG_OK) {
			redo.form = REDO_SLIDE;
			redo.slide_id = id;
			redo.typed = s;
			return slider_page(&ctx, sl, &redo, 422);
		}
		err = store_slide_update(ctx.st, &s);
	} else
		return admin_refuse(&ctx, 400, "Unknown action",
		    "This form has no such button.");
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, self,
	    str_eqc(act, "delete") ? "deleted" : "updated");
}
