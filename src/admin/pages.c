/*
 * pages.c -- static pages in the newsroom: the list, the
 * editor (Markdown, like articles, with the same preview), and the
 * history (revisions.c's pages, shared with articles).
 *
 * Pages are site structure, so editing them takes CAP_EDIT_OTHERS
 * (editors and administrators), as WordPress's edit_pages does.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "content/page.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

enum ng_err
admin_page_by_path(struct arena *a, struct store *st, struct str path,
    struct page **out)
{
	struct page *v;
	size_t	     i, n;
	enum ng_err  err;

	*out = NULL;
	if ((err = store_page_list(a, st, -1, &v, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++)
		if (str_eq(v[i].path, path))
			return store_page_by_id(a, st, v[i].id, out);
	return NG_ENOTFOUND;
}

/* Statuses the editor offers, in its order. */
static const enum page_status offered[] = {
	PAGE_DRAFT,
	PAGE_PENDING,
	PAGE_PUBLISHED,
	PAGE_PRIVATE,
};

/* The parent choices: every page but p and its descendants. */
static struct tv *
parents_tv(struct admin_ctx *ctx, const struct page *p)
{
	struct page *v;
	struct tv   *list, *x;
	size_t	     i, n, k;
	char	     pad[3 * STORE_PAGE_DEPTH_MAX + 1];

	list = tv_list(ctx->a);
	if (store_page_list(ctx->a, ctx->st, -1, &v, &n) != NG_OK)
		return list;
	for (i = 0; i < n; i++) {
		if (p->id != 0 &&
		    (v[i].id == p->id ||
			(str_has_prefix(v[i].path, p->path) &&
			    v[i].path.n > p->path.n &&
			    v[i].path.p[p->path.n] == '/')))
			continue;
		for (k = 0; k < (size_t)v[i].depth && k < STORE_PAGE_DEPTH_MAX;
		     k++)
			memcpy(pad + 3 * k, "-- ", 3);
		pad[3 * k] = '\0';
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_cstr(ctx->a, x, "label",
		    arena_printf(ctx->a, "%s%.*s", pad, (int)v[i].title.n,
			v[i].title.p));
		tv_set_bool(ctx->a, x, "selected", v[i].id == p->parent_id);
		tv_push(ctx->a, list, x);
	}
	return list;
}

/* The editor page for p (id 0: new), with a message when why. */
static enum ng_err
editor(struct admin_ctx *ctx, const struct page *p, const char *why, int status)
{
	struct tv *root, *x, *sts, *s;
	size_t	   i;

	root = admin_view(ctx, p->id != 0 ? "Edit page" : "New page");
	x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", p->id);
	tv_set_bool(ctx->a, x, "exists", p->id != 0);
	tv_set_str(ctx->a, x, "title", p->title);
	tv_set_str(ctx->a, x, "slug", p->slug);
	tv_set_str(ctx->a, x, "body", p->body_src);
	tv_set_int(ctx->a, x, "order", p->menu_order);
	tv_set_int(ctx->a, x, "version", p->version);
	tv_set_bool(ctx->a, x, "html", p->format == BODY_HTML);
	if (p->id != 0 && p->status == PAGE_PUBLISHED)
		tv_set_cstr(ctx->a, x, "url",
		    arena_printf(ctx->a, "/%.*s/", (int)p->path.n, p->path.p));
	sts = tv_list(ctx->a);
	for (i = 0; i < sizeof(offered) / sizeof(offered[0]); i++) {
		s = tv_map(ctx->a);
		tv_set_cstr(ctx->a, s, "value",
		    store_page_status_name(offered[i]));
		tv_set_bool(ctx->a, s, "selected", p->status == offered[i]);
		tv_push(ctx->a, sts, s);
	}
	tv_set(ctx->a, x, "statuses", sts);
	tv_set(ctx->a, x, "parents", parents_tv(ctx, p));
	/* A save of a published page changes what readers see. */
	tv_set_bool(ctx->a, x, "live",
	    p->id != 0 && p->status == PAGE_PUBLISHED);
	tv_set(ctx->a, root, "page", x);
	tv_set(ctx->a, root, "stats", admin_body_stats(ctx, p->body_src));
	tv_set_cstr(ctx->a, root, "error", why);
	return admin_render(ctx, root, "admin_page", status);
}

/* Read the form into p (over what it holds). */
static const char *
from_form(struct admin_ctx *ctx, struct page *p)
{
	struct str st, order;
	long long  v = 0;
	size_t	   i;
	int	   neg = 0;

	p->title = admin_field(ctx->r, "title");
	p->slug = admin_field(ctx->r, "slug");
	p->body_src = req_form(ctx->r, "body");
	p->parent_id = admin_parse_id(admin_field(ctx->r, "parent"));
	st = admin_field(ctx->r, "status");
	if (!store_page_status_parse(st, &p->status) ||
	    p->status == PAGE_TRASHED)
		return "Choose a status.";
	order = admin_field(ctx->r, "order");
	for (i = 0; i < order.n; i++) {
		if (i == 0 && order.p[0] == '-') {
			neg = 1;
			continue;
		}
		if (order.p[i] < '0' || order.p[i] > '9' || v > 1000000)
			return "The order is a whole number.";
		v = v * 10 + (order.p[i] - '0');
	}
	p->menu_order = (int)(neg ? -v : v);
	p->version = admin_parse_id(admin_field(ctx->r, "version"));
	return NULL;
}

/* Save the form into p; the editor again on a refusal. */
static enum ng_err
save(struct admin_ctx *ctx, struct page *p)
{
	struct page keep = *p;
	const char *why, *loc;
	int64_t	    id;
	enum ng_err err;

	if ((why = from_form(ctx, p)) != NULL)
		return editor(ctx, p, why, 400);
	/* An imported page stays HTML; page_save() sanitizes it again. */
	p->format = keep.format;
	p->updated_at = 0;
	err = page_save(ctx->a, ctx->st, p, ctx->app->segment_taken,
	    ctx->user->id, &id, &why);
	if (err == NG_EINVAL || err == NG_ETOOBIG || err == NG_ECONFLICT)
		return editor(ctx, p, why, err == NG_ECONFLICT ? 409 : 400);
	if (err != NG_OK)
		return err;
	if (ctx->r->app->event != NULL)
		ctx->r->app->event(ctx->r, "page", id,
		    keep.id != 0 ? (int)keep.status : -1, (int)p->status);
	loc = arena_printf(ctx->a, "/admin/pages/%lld/?msg=saved",
	    (long long)id);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/pages/");
	return NG_OK;
}

enum ng_err
admin_pages(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct page	*v;
	struct tv	*root, *list, *x;
	size_t		 i, n;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	if ((err = store_page_list(ctx.a, ctx.st, -1, &v, &n)) != NG_OK)
		return err;
	root = admin_view(&ctx, "Pages");
	list = tv_list(ctx.a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx.a);
		tv_set_int(ctx.a, x, "id", v[i].id);
		tv_set_str(ctx.a, x, "title", v[i].title);
		tv_set_cstr(ctx.a, x, "path",
		    arena_printf(ctx.a, "/%.*s/", (int)v[i].path.n,
			v[i].path.p));
		tv_set_cstr(ctx.a, x, "status",
		    store_page_status_name(v[i].status));
		tv_set_bool(ctx.a, x, "public", v[i].status == PAGE_PUBLISHED);
		tv_set_int(ctx.a, x, "depth", v[i].depth);
		tv_set_bool(ctx.a, x, "child", v[i].depth > 0);
		tv_push(ctx.a, list, x);
	}
	tv_set(ctx.a, root, "pages", list);
	tv_set_bool(ctx.a, root, "has_pages", n > 0);
	return admin_render(&ctx, root, "admin_pages", 200);
}

enum ng_err
admin_page_new(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct page	 p;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	memset(&p, 0, sizeof(p));
	if (r->method == HTTP_POST)
		return save(&ctx, &p);
	return editor(&ctx, &p, NULL, 200);
}

enum ng_err
admin_page_edit(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct page	*p;
	struct str	 action;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	if ((err = store_page_by_id(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &p)) != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return editor(&ctx, p, NULL, 200);
	action = admin_field(r, "action");
	if (str_eqc(action, "delete")) {
		err = store_page_delete(ctx.st, p->id);
		if (err == NG_ECONFLICT)
			return editor(&ctx, p,
			    "This page has pages under it; "
			    "move or delete them first.",
			    409);
		if (err != NG_OK)
			return err;
		admin_redirect(&ctx, "/admin/pages/?msg=deleted");
		return NG_OK;
	}
	return save(&ctx, p);
}

static void
history_of(struct admin_ctx *ctx, const struct page *p, struct admin_history *h)
{
	memset(h, 0, sizeof(*h));
	h->id = p->id;
	h->title = p->title;
	h->version = p->version;
	h->body = p->body_src;
	h->base = arena_printf(ctx->a, "/admin/pages/%lld/", (long long)p->id);
}

enum ng_err
admin_page_revisions(struct req *r, struct resp *rs)
{
	struct admin_ctx     ctx;
	struct admin_history h;
	struct page	    *p;
	struct revision	    *v;
	size_t		     n;
	enum ng_err	     err;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	if ((err = store_page_by_id(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &p)) != NG_OK)
		return err;
	if ((err = store_page_revision_list(ctx.a, ctx.st, p->id, &v, &n)) !=
	    NG_OK)
		return err;
	history_of(&ctx, p, &h);
	return admin_history_list(&ctx, &h, v, n);
}

enum ng_err
admin_page_revision(struct req *r, struct resp *rs)
{
	struct admin_ctx     ctx;
	struct admin_history h;
	struct page	    *p;
	struct revision	    *rev, *with = NULL;
	const char	    *why, *loc;
	int64_t		     wid, id;
	enum ng_err	     err;

	if (!admin_enter(r, rs, CAP_EDIT_OTHERS, &ctx))
		return NG_OK;
	if ((err = store_page_by_id(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &p)) != NG_OK)
		return err;
	if ((err = store_page_revision_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 1)), &rev)) != NG_OK)
		return err;
	if (rev->article_id != p->id)
		return NG_ENOTFOUND;
	if (r->method == HTTP_POST) {
		/* Restore: saved as a new revision, so nothing is lost. */
		if (admin_parse_id(admin_field(r, "version")) != p->version)
			return admin_forbidden(&ctx,
			    "The page changed since "
			    "you opened this page; nothing was restored.");
		p->title = rev->title;
		p->body_src = rev->body_md;
		p->updated_at = 0;
		err = page_save(ctx.a, ctx.st, p, ctx.app->segment_taken,
		    ctx.user->id, &id, &why);
		if (err != NG_OK)
			return err == NG_ECONFLICT || err == NG_EINVAL ?
			    admin_forbidden(&ctx, why) :
			    err;
		loc = arena_printf(ctx.a, "/admin/pages/%lld/?msg=restored",
		    (long long)id);
		admin_redirect(&ctx, loc != NULL ? loc : "/admin/pages/");
		return NG_OK;
	}
	if ((wid = admin_parse_id(req_query(r, "with"))) > 0) {
		if ((err = store_page_revision_get(ctx.a, ctx.st, wid,
			 &with)) != NG_OK)
			return err;
		if (with->article_id != p->id)
			return NG_ENOTFOUND;
	}
	history_of(&ctx, p, &h);
	return admin_history_compare(&ctx, &h, rev, with, NULL, 200);
}
