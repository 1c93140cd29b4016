/*
 * comments.c -- /wp/v2/comments: readers' comments, approved ones only
 * for the public; the moderation queue's statuses for editors.  Text is
 * rendered as the article page renders it (comment_text_html()); e-mail
 * addresses and IP addresses appear only in the edit context, to those
 * who moderate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/api_int.h"
#include "content/comment.h"
#include "content/permalink.h"
#include "core/arena.h"
#include "core/html.h"
#include "http/req.h"
#include "reader/urls.h"
#include "store/store.h"

/* WordPress's comment status names, by enum comment_status. */
static const char *const wp_cstatus[COMMENT__MAX] = {
	[COMMENT_PENDING] = "hold",
	[COMMENT_APPROVED] = "approved",
	[COMMENT_SPAM] = "spam",
	[COMMENT_TRASH] = "trash",
};

json_t *
api_comment_json(struct api_ctx *ctx, const struct comment *c)
{
	struct safe_html h;
	const char	*path;
	json_t		*o, *t, *l;
	int		 edit = ctx->context == API_CTX_EDIT;

	if (comment_text_html(ctx->a, c->body, &h) != NG_OK)
		return NULL;
	path = site_article_path(ctx->r, ctx->a, c->article_id, c->article_slug,
	    c->article_published_at, PV_PAGE);
	o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "post", json_integer(c->article_id));
	json_object_set_new(o, "parent", json_integer(c->parent_id));
	json_object_set_new(o, "author", json_integer(0));
	json_object_set_new(o, "author_name", api_jstr(c->author));
	if (edit) {
		json_object_set_new(o, "author_email", api_jstr(c->email));
		json_object_set_new(o, "author_ip", api_jstr(c->ip));
		json_object_set_new(o, "author_user_agent",
		    api_jstr(c->user_agent));
	}
	json_object_set_new(o, "author_url", api_jstr(c->url));
	json_object_set_new(o, "date", api_jdate(c->created_at, ctx->tz_off));
	json_object_set_new(o, "date_gmt", api_jdate(c->created_at, 0));
	t = api_rendered(h.s);
	if (edit)
		json_object_set_new(t, "raw", api_jstr(c->body));
	json_object_set_new(o, "content", t);
	json_object_set_new(o, "link",
	    json_string(path != NULL ?
		    api_site_url(ctx,
			arena_printf(ctx->a, "%s#comment-%lld", path,
			    (long long)c->id)) :
		    ""));
	json_object_set_new(o, "status", json_string(wp_cstatus[c->status]));
	json_object_set_new(o, "type", json_string("comment"));
	json_object_set_new(o, "author_avatar_urls", json_object());
	json_object_set_new(o, "meta", json_array());
	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/comments/%lld",
			     (long long)c->id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/comments"), 0));
	l = api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/posts/%lld",
			     (long long)c->article_id)),
	    1);
	json_object_set_new(l, "post_type", json_string("post"));
	api_links_add(o, "up", l);
	if (c->parent_id != 0)
		api_links_add(o, "in-reply-to",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/comments/%lld",
				     (long long)c->parent_id)),
			1));
	return o;
}

int
api_comment_status_parse(struct str s, enum comment_status *out)
{
	int i;

	if (str_eqc(s, "approve") || str_eqc(s, "1")) {
		*out = COMMENT_APPROVED;
		return 1;
	}
	if (str_eqc(s, "0")) {
		*out = COMMENT_PENDING;
		return 1;
	}
	for (i = 0; i < COMMENT__MAX; i++)
		if (str_eqc(s, wp_cstatus[i])) {
			*out = (enum comment_status)i;
			return 1;
		}
	return 0;
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

/* Do c's fields pass the list's in-memory filters? */
static int
keep(const struct comment *c, const struct id_set *include,
    const struct id_set *exclude, const struct id_set *parent,
    const struct id_set *posts, struct str search, int64_t after,
    int64_t before)
{
	size_t i;

	if (include->n > 0 && !in_set(include, c->id))
		return 0;
	if (in_set(exclude, c->id))
		return 0;
	if (parent->n > 0 && !in_set(parent, c->parent_id))
		return 0;
	if (posts->n > 0 && !in_set(posts, c->article_id))
		return 0;
	if (after != 0 && c->created_at <= after)
		return 0;
	if (before != 0 && c->created_at >= before)
		return 0;
	if (search.n == 0)
		return 1;
	for (i = 0; i + search.n <= c->body.n; i++)
		if (strncasecmp(c->body.p + i, search.p, search.n) == 0)
			return 1;
	return 0;
}

enum ng_err
api_comments(struct api_ctx *ctx)
{
	static const char *const orders[] = { "desc", "asc", NULL };
	static const char *const orderbys[] = { "date_gmt", "date", "id",
		"include", "post", "parent", "type", NULL };
	struct api_page		 pg;
	struct id_set		 include, exclude, parent, posts;
	struct comment		*v = NULL, *kept;
	struct comment_list	 cl;
	struct article		*a;
	struct str		 search, status;
	enum comment_status	 cs = COMMENT_APPROVED;
	size_t			 i, n = 0, nk = 0, total;
	int64_t			 after, before;
	json_t			*list, *o;
	enum ng_err		 err;
	int			 ok = 1, c, asc, ob;

	if (ctx->method == HTTP_POST)
		return api_comment_create(ctx);
	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "comments.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_ids(ctx, "include", &include);
	ok &= api_p_ids(ctx, "exclude", &exclude);
	ok &= api_p_ids(ctx, "parent", &parent);
	ok &= api_p_ids(ctx, "post", &posts);
	ok &= api_p_str(ctx, "search", STORE_TITLE_MAX, &search);
	ok &= api_p_str(ctx, "status", 32, &status);
	ok &= api_p_date(ctx, "after", &after);
	ok &= api_p_date(ctx, "before", &before);
	ok &= api_p_enum(ctx, "order", orders, 0, &asc);
	ok &= api_p_enum(ctx, "orderby", orderbys, 0, &ob);
	if (status.p != NULL && !api_comment_status_parse(status, &cs)) {
		api_bad_param(ctx, "status", "rest_invalid_param",
		    "Invalid comment status.");
		ok = 0;
	}
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (cs != COMMENT_APPROVED && !api_user_can(ctx, CAP_MODERATE))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden_param",
		    "Query parameter not permitted: "
		    "status",
		    NULL);
	if ((ctx->context == API_CTX_EDIT) && !api_user_can(ctx, CAP_MODERATE))
		return api_fail(ctx, 403, "rest_forbidden_context",
		    "Sorry, you are not allowed to edit comments.", NULL);
	if (posts.n == 1 && cs == COMMENT_APPROVED) {
		/* One article's thread, as its page shows it. */
		err = store_article_by_id(ctx->a, ctx->st, posts.v[0], &a);
		if (err == NG_ENOTFOUND ||
		    (err == NG_OK && !api_may_read(ctx, a)))
			return api_fail(ctx, 401, "rest_cannot_read_post",
			    "Sorry, you are not allowed to read the post for "
			    "this comment.",
			    NULL);
		if (err != NG_OK)
			return err;
		if ((err = store_comment_thread(ctx->a, ctx->st, a->id, &v,
			 &n)) != NG_OK)
			return err;
		for (i = 0; i < n; i++) {
			v[i].article_id = a->id;
			v[i].article_slug = a->slug;
			v[i].article_published_at = a->published_at;
		}
	} else {
		/* The newest comments of the status, up to a window. */
		if ((err = store_comment_list(ctx->a, ctx->st, cs, 0,
			 STORE_LIST_MAX, &cl)) != NG_OK)
			return err;
		v = cl.v;
		n = cl.n;
		/* The thread order (oldest first) for the sort below. */
		for (i = 0; i < n / 2; i++) {
			struct comment t = v[i];

			v[i] = v[n - 1 - i];
			v[n - 1 - i] = t;
		}
	}
	if (n > 0 && (kept = arena_calloc(ctx->a, n, sizeof(*kept))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < n; i++)
		if (keep(&v[i], &include, &exclude, &parent, &posts, search,
			after, before))
			kept[nk++] = v[i];
	/* Oldest first now; WordPress's default is newest first. */
	if (!asc)
		for (i = 0; i < nk / 2; i++) {
			struct comment t = kept[i];

			kept[i] = kept[nk - 1 - i];
			kept[nk - 1 - i] = t;
		}
	total = nk;
	list = json_array();
	for (i = pg.offset; i < nk && i < pg.offset + pg.per_page; i++) {
		if ((o = api_comment_json(ctx, &kept[i])) == NULL) {
			json_decref(list);
			return NG_ENOMEM;
		}
		json_array_append_new(list, o);
	}
	(void)ob;
	api_paginate(ctx, total, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

enum ng_err
api_comment(struct api_ctx *ctx)
{
	struct comment *c;
	enum ng_err	err;
	int		ok;

	if (ctx->method != HTTP_GET)
		return api_comment_modify(ctx);
	if ((ok = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "comments.")) < 0)
		return NG_OK;
	if (api_params_done(ctx) || ok == 0)
		return NG_OK;
	err = store_comment_get(ctx->a, ctx->st, ctx->id, &c);
	if (err == NG_ENOTFOUND ||
	    (err == NG_OK && c->status != COMMENT_APPROVED &&
		!api_user_can(ctx, CAP_MODERATE)))
		return api_fail(ctx, 404, "rest_comment_invalid_id",
		    "Invalid comment ID.", NULL);
	if (err != NG_OK)
		return err;
	if (ctx->context == API_CTX_EDIT && !api_user_can(ctx, CAP_MODERATE))
		return api_fail(ctx, 403, "rest_forbidden_context",
		    "Sorry, you are not allowed to edit comments.", NULL);
	return api_send(ctx, 200, api_comment_json(ctx, c));
}
