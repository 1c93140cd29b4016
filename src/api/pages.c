/*
 * pages.c -- /wp/v2/pages: the site's static pages
 * as WordPress's page objects, published ones for the public.  A site
 * has at most STORE_PAGE_LIST_MAX pages, so a list filters, sorts and
 * pages in memory.  content.rendered is the body as the page shows it
 * (shortcode markers expanded, reader/shortcodes.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "http/req.h"
#include "reader/shortcodes.h"
#include "store/store.h"

static const char *const page_status[PAGE__MAX] = {
	[PAGE_DRAFT] = "draft",
	[PAGE_PENDING] = "pending",
	[PAGE_PUBLISHED] = "publish",
	[PAGE_PRIVATE] = "private",
	[PAGE_TRASHED] = "trash",
};

json_t *
api_page_json(struct api_ctx *ctx, const struct page *p, int embed)
{
	struct article	 fake;
	struct safe_html body = safe_html_empty();
	const char	*link;
	json_t		*o, *t;
	int64_t		 date;

	memset(&fake, 0, sizeof(fake));
	fake.body_html = p->body_html;
	if (p->body_html.s.n > 0 &&
	    site_shortcodes_html(ctx->r, &fake, SITE_SC_PAGE, &body) != NG_OK)
		return NULL;
	link = p->status == PAGE_PUBLISHED ?
	    api_site_url(ctx,
		arena_printf(ctx->a, "/%.*s/", (int)p->path.n, p->path.p)) :
	    api_site_url(ctx,
		arena_printf(ctx->a, "/?page_id=%lld", (long long)p->id));
	date = p->published_at != 0 ? p->published_at : p->created_at;
	o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "date", api_jdate(date, ctx->tz_off));
	if (!embed) {
		json_object_set_new(o, "date_gmt",
		    p->published_at != 0 ? api_jdate(p->published_at, 0) :
					   json_null());
		json_object_set_new(o, "guid",
		    api_rendered(str_c(api_site_url(ctx,
			arena_printf(ctx->a, "/?page_id=%lld",
			    (long long)p->id)))));
		json_object_set_new(o, "modified",
		    api_jdate(p->updated_at, ctx->tz_off));
		json_object_set_new(o, "modified_gmt",
		    api_jdate(p->updated_at, 0));
	}
	json_object_set_new(o, "slug", api_jstr(p->slug));
	if (!embed)
		json_object_set_new(o, "status",
		    json_string(page_status[p->status]));
	json_object_set_new(o, "type", json_string("page"));
	json_object_set_new(o, "link", json_string(link));
	t = api_rendered(api_html_escape(ctx->a, p->title));
	if (ctx->context == API_CTX_EDIT)
		json_object_set_new(t, "raw", api_jstr(p->title));
	json_object_set_new(o, "title", t);
	if (!embed) {
		t = json_pack("{s:o,s:b}", "rendered", api_jstr(body.s),
		    "protected", 0);
		if (ctx->context == API_CTX_EDIT)
			json_object_set_new(t, "raw", api_jstr(p->body_src));
		json_object_set_new(o, "content", t);
	}
	json_object_set_new(o, "excerpt",
	    json_pack("{s:s,s:b}", "rendered", "", "protected", 0));
	json_object_set_new(o, "author", json_integer(p->author_id));
	json_object_set_new(o, "featured_media", json_integer(0));
	json_object_set_new(o, "parent", json_integer(p->parent_id));
	json_object_set_new(o, "menu_order", json_integer(p->menu_order));
	if (!embed) {
		json_object_set_new(o, "comment_status", json_string("closed"));
		json_object_set_new(o, "ping_status", json_string("closed"));
		json_object_set_new(o, "template", json_string(""));
		json_object_set_new(o, "meta", json_array());
	}
	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/pages/%lld",
			     (long long)p->id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/pages"), 0));
	api_links_add(o, "about",
	    api_link(api_url(ctx, "/wp/v2/types/page"), 0));
	if (p->author_id != 0)
		api_links_add(o, "author",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/users/%lld",
				     (long long)p->author_id)),
			1));
	if (p->parent_id != 0)
		api_links_add(o, "up",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/pages/%lld",
				     (long long)p->parent_id)),
			1));
	return o;
}

static int
cmp_date(const void *a, const void *b)
{
	const struct page *x = a, *y = b;
	int64_t		   dx = x->published_at, dy = y->published_at;

	if (dx != dy)
		return (dx > dy) - (dx < dy);
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_id(const void *a, const void *b)
{
	const struct page *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_title(const void *a, const void *b)
{
	const struct page *x = a, *y = b;
	size_t n = x->title.n < y->title.n ? x->title.n : y->title.n;
	int    c = strncasecmp(x->title.p, y->title.p, n);

	if (c == 0)
		c = (x->title.n > y->title.n) - (x->title.n < y->title.n);
	return c != 0 ? c : cmp_id(a, b);
}

static int
cmp_slug(const void *a, const void *b)
{
	const struct page *x = a, *y = b;
	size_t		   n = x->slug.n < y->slug.n ? x->slug.n : y->slug.n;
	int		   c = memcmp(x->slug.p, y->slug.p, n);

	if (c == 0)
		c = (x->slug.n > y->slug.n) - (x->slug.n < y->slug.n);
	return c != 0 ? c : cmp_id(a, b);
}

static int
cmp_menu(const void *a, const void *b)
{
	const struct page *x = a, *y = b;

	if (x->menu_order != y->menu_order)
		return (x->menu_order > y->menu_order) -
		    (x->menu_order < y->menu_order);
	return cmp_title(a, b);
}

static int
cmp_modified(const void *a, const void *b)
{
	const struct page *x = a, *y = b;

	if (x->updated_at != y->updated_at)
		return (x->updated_at > y->updated_at) -
		    (x->updated_at < y->updated_at);
	return cmp_id(a, b);
}

/*
 * status=draft,publish,...: a mask of enum page_status; only
 * those who edit pages ask for more than published ones.  0 after
 * recording a bad value.
 */
static unsigned
status_mask(struct api_ctx *ctx)
{
	struct str *v;
	size_t	    i, n, k;
	unsigned    mask = 0;

	if (!api_p_strs(ctx, "status", &v, &n))
		return 0;
	if (n == 0)
		return 1u << PAGE_PUBLISHED;
	for (i = 0; i < n; i++) {
		if (str_eqc(v[i], "any")) {
			mask |= ((1u << PAGE__MAX) - 1) & ~(1u << PAGE_TRASHED);
			continue;
		}
		for (k = 0; k < PAGE__MAX && !str_eqc(v[i], page_status[k]);
		     k++)
			continue;
		if (k == PAGE__MAX) {
			api_bad_param(ctx, "status", "rest_not_in_enum",
			    "status[0] is not one of publish, future, draft, "
			    "pending, private, trash, and any.");
			return 0;
		}
		mask |= 1u << k;
	}
	return mask;
}

static int
in_set(const struct id_set *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return 1;
	return 0;
}

enum ng_err
api_pages(struct api_ctx *ctx)
{
	static const char *const orderbys[] = { "date", "id", "title", "slug",
		"menu_order", "modified", "include", "author", "relevance",
		"include_slugs", "parent", NULL };
	static const char *const orders[] = { "desc", "asc", NULL };
	static int (*const cmps[])(const void *, const void *) = { cmp_date,
		cmp_id, cmp_title, cmp_slug, cmp_menu, cmp_modified, cmp_id,
		cmp_date, cmp_date, cmp_slug, cmp_date };
	struct api_page pg;
	struct id_set	include, exclude, parent;
	struct str	search, *slugs;
	struct page    *v, *keep = NULL, *full;
	size_t		i, j, n, nk = 0, nslugs;
	json_t	       *list, *o;
	enum ng_err	err;
	unsigned	mask;
	int		ok = 1, c, ob, asc, match;

	if (ctx->method == HTTP_POST)
		return api_page_create(ctx);
	if ((c = api_context_cap(ctx, CAP_EDIT_OTHERS,
		 "Sorry, you are not allowed to edit "
		 "posts in this post type.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_str(ctx, "search", STORE_TITLE_MAX, &search);
	ok &= api_p_ids(ctx, "include", &include);
	ok &= api_p_ids(ctx, "exclude", &exclude);
	ok &= api_p_ids(ctx, "parent", &parent);
	ok &= api_p_strs(ctx, "slug", &slugs, &nslugs);
	ok &= api_p_enum(ctx, "orderby", orderbys, 0, &ob);
	ok &= api_p_enum(ctx, "order", orders, 0, &asc);
	ok &= (mask = status_mask(ctx)) != 0;
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (mask != (1u << PAGE_PUBLISHED) &&
	    !api_user_can(ctx, CAP_EDIT_OTHERS))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden_status", "Status is forbidden.", NULL);
	if ((err = store_page_list(ctx->a, ctx->st,
		 mask == (1u << PAGE_PUBLISHED)	  ? PAGE_PUBLISHED :
		     mask == (1u << PAGE_TRASHED) ? PAGE_TRASHED :
						    -1,
		 &v, &n)) != NG_OK)
		return err;
	if (n > 0 && (keep = arena_calloc(ctx->a, n, sizeof(*keep))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < n; i++) {
		if (!(mask & (1u << v[i].status)))
			continue;
		if (include.n > 0 && !in_set(&include, v[i].id))
			continue;
		if (in_set(&exclude, v[i].id))
			continue;
		if (parent.n > 0 && !in_set(&parent, v[i].parent_id))
			continue;
		if (search.n > 0) {
			for (j = 0, match = 0;
			     !match && j + search.n <= v[i].title.n; j++)
				match = strncasecmp(v[i].title.p + j, search.p,
					    search.n) == 0;
			if (!match)
				continue;
		}
		if (nslugs > 0) {
			for (j = 0, match = 0; j < nslugs; j++)
				match |= str_eq(slugs[j], v[i].slug);
			if (!match)
				continue;
		}
		keep[nk++] = v[i];
	}
	if (nk > 1)
		qsort(keep, nk, sizeof(*keep), cmps[ob]);
	if (!asc)
		for (i = 0; i < nk / 2; i++) {
			struct page t = keep[i];

			keep[i] = keep[nk - 1 - i];
			keep[nk - 1 - i] = t;
		}
	if (api_page_check(ctx, &pg, nk, "rest_post_invalid_page_number"))
		return NG_OK;
	list = json_array();
	for (i = pg.offset; i < nk && i < pg.offset + pg.per_page; i++) {
		/* Lists come without bodies: read each page whole. */
		if ((err = store_page_by_id(ctx->a, ctx->st, keep[i].id,
			 &full)) != NG_OK ||
		    (o = api_page_json(ctx, full,
			 ctx->context == API_CTX_EMBED)) == NULL) {
			json_decref(list);
			return err != NG_OK ? err : NG_ENOMEM;
		}
		json_array_append_new(list, o);
	}
	api_paginate(ctx, nk, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

enum ng_err
api_page_get(struct api_ctx *ctx)
{
	struct page *p;
	json_t	    *o;
	enum ng_err  err;
	int	     c;

	if (ctx->method != HTTP_GET)
		return api_page_modify(ctx);
	if ((c = api_context_cap(ctx, CAP_EDIT_OTHERS,
		 "Sorry, you are not allowed to edit "
		 "this post.")) < 0)
		return NG_OK;
	if (api_params_done(ctx) || c == 0)
		return NG_OK;
	err = store_page_by_id(ctx->a, ctx->st, ctx->id, &p);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	if (p->status != PAGE_PUBLISHED && !api_user_can(ctx, CAP_EDIT_OTHERS))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden", "Sorry, you are not allowed to do that.",
		    NULL);
	if ((o = api_page_json(ctx, p, ctx->context == API_CTX_EMBED)) == NULL)
		return NG_ENOMEM;
	return api_send(ctx, 200, o);
}
