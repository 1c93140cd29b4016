/*
 * users.c -- /wp/v2/users: the site's bylines (authors), public fields
 * only.  A post's "author" is its byline's id, so these are the users a
 * WordPress client can resolve; logins, roles and e-mail addresses of
 * newsroom accounts never appear here, except to the account itself
 * (/users/me).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "http/req.h"
#include "store/store.h"

static json_t *
author_json(struct api_ctx *ctx, const struct author *au, int embed)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(au->id));
	json_object_set_new(o, "name", api_jstr(au->name));
	json_object_set_new(o, "url", json_string(""));
	json_object_set_new(o, "description", api_jstr(au->bio));
	json_object_set_new(o, "link",
	    json_string(api_site_url(ctx,
		arena_printf(ctx->a, "/author/%.*s/", (int)au->slug.n,
		    au->slug.p))));
	json_object_set_new(o, "slug", api_jstr(au->slug));
	json_object_set_new(o, "avatar_urls", json_object());
	if (!embed)
		json_object_set_new(o, "meta", json_array());
	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/users/%lld",
			     (long long)au->id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/users"), 0));
	return o;
}

/* Every author with a published article count. */
static enum ng_err
load(struct api_ctx *ctx, struct author **v, size_t *n,
    struct term_count **counts, size_t *nc)
{
	enum ng_err err;

	if ((err = store_authors(ctx->a, ctx->st, v, n)) != NG_OK)
		return err;
	return store_term_counts(ctx->a, ctx->st, TERM_AUTHOR, counts, nc);
}

static size_t
count_of(const struct term_count *c, size_t nc, int64_t id)
{
	size_t i;

	for (i = 0; i < nc; i++)
		if (c[i].id == id)
			return c[i].count;
	return 0;
}

json_t *
api_user_json(struct api_ctx *ctx, int64_t author_id, int embed)
{
	struct author *v;
	size_t	       i, n;

	if (store_authors(ctx->a, ctx->st, &v, &n) != NG_OK)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i].id == author_id)
			return author_json(ctx, &v[i], embed);
	return NULL;
}

static int
contains_ci(struct str hay, struct str needle)
{
	size_t i;

	if (needle.n == 0)
		return 1;
	for (i = 0; i + needle.n <= hay.n; i++)
		if (strncasecmp(hay.p + i, needle.p, needle.n) == 0)
			return 1;
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	const struct author *x = a, *y = b;
	size_t		     n = x->name.n < y->name.n ? x->name.n : y->name.n;
	int		     c = strncasecmp(x->name.p, y->name.p, n);

	if (c == 0)
		c = (x->name.n > y->name.n) - (x->name.n < y->name.n);
	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static int
cmp_id(const void *a, const void *b)
{
	const struct author *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_slug(const void *a, const void *b)
{
	const struct author *x = a, *y = b;
	size_t		     n = x->slug.n < y->slug.n ? x->slug.n : y->slug.n;
	int		     c = memcmp(x->slug.p, y->slug.p, n);

	return c != 0 ? c : (x->slug.n > y->slug.n) - (x->slug.n < y->slug.n);
}

enum ng_err
api_users(struct api_ctx *ctx)
{
	static const char *const orderbys[] = { "name", "id", "include", "slug",
		"include_slugs", "email", "url", "registered_date", NULL };
	static const char *const orders[] = { "asc", "desc", NULL };
	static int (*const cmps[])(const void *, const void *) = { cmp_name,
		cmp_id, cmp_id, cmp_slug, cmp_slug, cmp_name, cmp_name,
		cmp_id };
	struct api_page	   pg;
	struct id_set	   include, exclude;
	struct str	   search, *slugs;
	struct author	  *v, *keep = NULL;
	struct term_count *counts;
	size_t		   i, j, n, nc, nslugs, nk = 0;
	json_t		  *list;
	enum ng_err	   err;
	int		   ok = 1, ob, desc, c, match;

	if ((c = api_context_cap(ctx, CAP_USERS,
		 "Sorry, you are not allowed to list "
		 "users.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_str(ctx, "search", STORE_NAME_MAX, &search);
	ok &= api_p_ids(ctx, "include", &include);
	ok &= api_p_ids(ctx, "exclude", &exclude);
	ok &= api_p_strs(ctx, "slug", &slugs, &nslugs);
	ok &= api_p_enum(ctx, "orderby", orderbys, 0, &ob);
	ok &= api_p_enum(ctx, "order", orders, 0, &desc);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (ob == 5 && !api_user_can(ctx, CAP_USERS))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden_orderby",
		    "Sorry, you are not allowed to "
		    "order users by this parameter.",
		    NULL);
	if ((err = load(ctx, &v, &n, &counts, &nc)) != NG_OK)
		return err;
	if (n > 0 && (keep = arena_calloc(ctx->a, n, sizeof(*keep))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < n; i++) {
		/* Anonymous callers see authors who have published. */
		if (ctx->user == NULL && count_of(counts, nc, v[i].id) == 0)
			continue;
		if (include.n > 0) {
			for (j = 0, match = 0; j < include.n; j++)
				match |= include.v[j] == v[i].id;
			if (!match)
				continue;
		}
		for (j = 0, match = 0; j < exclude.n; j++)
			match |= exclude.v[j] == v[i].id;
		if (match)
			continue;
		if (!contains_ci(v[i].name, search) &&
		    !contains_ci(v[i].slug, search))
			continue;
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
	if (desc)
		for (i = 0; i < nk / 2; i++) {
			struct author t = keep[i];

			keep[i] = keep[nk - 1 - i];
			keep[nk - 1 - i] = t;
		}
	list = json_array();
	for (i = pg.offset; i < nk && i < pg.offset + pg.per_page; i++)
		json_array_append_new(list,
		    author_json(ctx, &keep[i], ctx->context == API_CTX_EMBED));
	api_paginate(ctx, nk, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

enum ng_err
api_user(struct api_ctx *ctx)
{
	struct author	  *v;
	struct term_count *counts;
	size_t		   i, n, nc;
	enum ng_err	   err;
	int		   c;

	if ((c = api_context_cap(ctx, CAP_USERS,
		 "Sorry, you are not allowed to list "
		 "users.")) < 0)
		return NG_OK;
	if (api_params_done(ctx) || c == 0)
		return NG_OK;
	if ((err = load(ctx, &v, &n, &counts, &nc)) != NG_OK)
		return err;
	for (i = 0; i < n; i++)
		if (v[i].id == ctx->id &&
		    (ctx->user != NULL || count_of(counts, nc, v[i].id) > 0))
			return api_send(ctx, 200,
			    author_json(ctx, &v[i],
				ctx->context == API_CTX_EMBED));
	return api_fail(ctx, 404, "rest_user_invalid_id", "Invalid user ID.",
	    NULL);
}

enum ng_err
api_user_me(struct api_ctx *ctx)
{
	struct author *v;
	size_t	       i, n;
	json_t	      *o;
	enum ng_err    err;

	if (ctx->user == NULL)
		return api_fail(ctx, 401, "rest_not_logged_in",
		    "You are not currently logged in.", NULL);
	if ((err = store_authors(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++)
		if (v[i].id == ctx->user->author_id)
			break;
	if (i < n)
		o = author_json(ctx, &v[i], 0);
	else {
		o = json_object();
		json_object_set_new(o, "id", json_integer(0));
		json_object_set_new(o, "name", api_jstr(ctx->user->name));
	}
	/* The account's own view: its login and role too. */
	json_object_set_new(o, "username", api_jstr(ctx->user->login));
	json_object_set_new(o, "roles",
	    json_pack("[s]", store_role_name(ctx->user->role)));
	return api_send(ctx, 200, o);
}
