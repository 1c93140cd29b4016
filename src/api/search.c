/*
 * search.c -- /wp/v2/search: the site's search (BM25 over title, dek,
 * tags, author and body; store_search()) as WordPress's search results:
 * {id, title, url, type: "post", subtype: "post"}.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "api/api_int.h"
#include "content/permalink.h"
#include "core/arena.h"
#include "http/req.h"
#include "reader/urls.h"
#include "store/store.h"

enum ng_err
api_search(struct api_ctx *ctx)
{
	static const char *const types[] = { "post", "term", "post-format",
		NULL };
	static const char *const subtypes[] = { "post", "page", "any", NULL };
	struct search_result	 res;
	struct api_page		 pg;
	struct str		 q;
	size_t			 i;
	json_t			*list, *o;
	const char		*path;
	enum ng_err		 err;
	int			 ok = 1, type, sub, c;

	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "posts.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_str(ctx, "search", STORE_TITLE_MAX, &q);
	ok &= api_p_enum(ctx, "type", types, 0, &type);
	ok &= api_p_enum(ctx, "subtype", subtypes, 2, &sub);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	memset(&res, 0, sizeof(res));
	if (type == 0 && sub != 1 && q.n > 0 &&
	    (err = store_search(ctx->a, ctx->st, q, pg.offset, pg.per_page,
		 &res)) != NG_OK)
		return err;
	if (api_page_check(ctx, &pg, res.total,
		"rest_search_invalid_page_number"))
		return NG_OK;
	list = json_array();
	for (i = 0; i < res.n; i++) {
		path = site_article_path(ctx->r, ctx->a, res.v[i].ref.id,
		    res.v[i].ref.slug, res.v[i].ref.published_at, PV_PAGE);
		o = json_object();
		json_object_set_new(o, "id", json_integer(res.v[i].ref.id));
		json_object_set_new(o, "title", api_jstr(res.v[i].ref.title));
		json_object_set_new(o, "url",
		    json_string(path != NULL ? api_site_url(ctx, path) : ""));
		json_object_set_new(o, "type", json_string("post"));
		json_object_set_new(o, "subtype", json_string("post"));
		api_links_add(o, "self",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/posts/%lld",
				     (long long)res.v[i].ref.id)),
			1));
		api_links_add(o, "about",
		    api_link(api_url(ctx, "/wp/v2/types/post"), 0));
		json_array_append_new(list, o);
	}
	api_paginate(ctx, res.total, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}
