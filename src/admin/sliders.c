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
		return admin_forbidden(ctx, "That name is already used.");
	case NG_EINVAL:
	case NG_ETOOBIG:
		return admin_forbidden(ctx,
		    "A field is missing, invalid or "
		    "too long.  Images are site paths (/media/...); links "
		    "are site paths or http(s) addresses.");
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
admin_sliders(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct slider	*v = NULL, s;
	struct tv	*root, *list, *x;
	size_t		 i, n = 0;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if (r->method == HTTP_POST) {
		memset(&s, 0, sizeof(s));
		s.name = admin_field(r, "name");
		if ((err = store_slider_add(ctx.st, &s, &id)) != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx,
		    arena_printf(ctx.a, "/admin/sliders/%lld/", (long long)id),
		    "added");
	}
	if ((err = store_slider_list(ctx.a, ctx.st, &v, &n)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Sliders");
	list = tv_list(ctx.a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", v[i].id);
		tv_set_str(ctx.a, x, "name", v[i].name);
		tv_set_int(ctx.a, x, "nslides", (int64_t)v[i].nslides);
		tv_set_int(ctx.a, x, "legacy_id", v[i].legacy_id);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "sliders", list);
	return admin_render(&ctx, root, "admin_sliders", 200);
}

/* A slide from the form fields of the add and edit forms. */
static void
slide_fields(struct req *r, struct slide *s)
{
	s->image_url = admin_field(r, "image_url");
	s->alt = admin_field(r, "alt");
	s->caption = admin_field(r, "caption");
	s->link_url = admin_field(r, "link_url");
}

enum ng_err
admin_slider(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct slider	*sl;
	struct slide	 s;
	struct tv	*root, *list, *x;
	struct str	 act;
	const char	*self;
	size_t		 i;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_PROMO, &ctx))
		return NG_OK;
	if ((err = store_slider_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &sl)) != NG_OK)
		return err;
	self = arena_printf(ctx.a, "/admin/sliders/%lld/", (long long)sl->id);
	if (self == NULL)
		return NG_ENOMEM;
	if (r->method == HTTP_POST) {
		act = admin_field(r, "action");
		if (str_eqc(act, "rename"))
			err = store_slider_rename(ctx.st, sl->id,
			    admin_field(r, "name"));
		else if (str_eqc(act, "delete")) {
			if ((err = store_slider_delete(ctx.st, sl->id)) !=
			    NG_OK)
				return promo_write_failed(&ctx, err);
			return promo_redirect(&ctx, "/admin/sliders/",
			    "deleted");
		} else if (str_eqc(act, "add_slide")) {
			if (sl->nslides >= STORE_SLIDES_MAX)
				return admin_forbidden(&ctx,
				    "A slider has at "
				    "most 50 slides.");
			memset(&s, 0, sizeof(s));
			s.slider_id = sl->id;
			slide_fields(r, &s);
			err = store_slide_add(ctx.st, &s, &id);
		} else
			return admin_forbidden(&ctx, "Unknown action.");
		if (err != NG_OK)
			return promo_write_failed(&ctx, err);
		return promo_redirect(&ctx, self, "updated");
	}
	root = admin_view(&ctx, "Slider");
	tv_set_int(ctx.a, root, "id", sl->id);
	tv_set_str(ctx.a, root, "name", sl->name);
	list = tv_list(ctx.a);
	for (i = 0; i < sl->nslides; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "slider_id", sl->id);
		tv_set_int(ctx.a, x, "id", sl->slides[i].id);
		tv_set_int(ctx.a, x, "number", (int64_t)i + 1);
		tv_set_str(ctx.a, x, "image_url", sl->slides[i].image_url);
		tv_set_str(ctx.a, x, "alt", sl->slides[i].alt);
		tv_set_str(ctx.a, x, "caption", sl->slides[i].caption);
		tv_set_str(ctx.a, x, "link_url", sl->slides[i].link_url);
		tv_set_bool(ctx.a, x, "first", i == 0);
		tv_set_bool(ctx.a, x, "last", i + 1 == sl->nslides);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "slides", list);
	tv_set_bool(ctx.a, root, "full", sl->nslides >= STORE_SLIDES_MAX);
	return admin_render(&ctx, root, "admin_slider", 200);
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
	struct admin_ctx ctx;
	struct slider	*sl;
	struct slide	 s;
	struct str	 act;
	const char	*self;
	size_t		 k;
	int64_t		 id;
	enum ng_err	 err;

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
		slide_fields(r, &s);
		err = store_slide_update(ctx.st, &s);
	} else
		return admin_forbidden(&ctx, "Unknown action.");
	if (err != NG_OK)
		return promo_write_failed(&ctx, err);
	return promo_redirect(&ctx, self,
	    str_eqc(act, "delete") ? "deleted" : "updated");
}
