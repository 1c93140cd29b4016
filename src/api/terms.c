/*
 * terms.c -- /wp/v2/categories (our sections) and /wp/v2/tags.
 *
 * A site has tens of sections and at most a few thousand tags, so a
 * list reads them all with their article counts and filters, sorts and
 * pages in memory, as WordPress's get_terms() would in SQL.
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

/* One term of either kind, with its count. */
struct term {
	int64_t	   id;
	struct str slug, name, description;
	size_t	   count;
	size_t	   include_pos;
};

static const char *const tax_name[] = { "category", "post_tag" };
static const char *const tax_route[] = { "categories", "tags" };
static const char *const tax_base[] = { "/category/", "/tag/" };

json_t *
api_term_json(struct api_ctx *ctx, enum term_kind kind, int64_t id,
    struct str slug, struct str name, struct str description, size_t count,
    int embed)
{
	json_t *o = json_object();
	int	k = kind == TERM_TAG;

	json_object_set_new(o, "id", json_integer(id));
	if (!embed) {
		json_object_set_new(o, "count",
		    json_integer((json_int_t)count));
		json_object_set_new(o, "description", api_jstr(description));
	}
	json_object_set_new(o, "link",
	    json_string(api_site_url(ctx,
		arena_printf(ctx->a, "%s%.*s/", tax_base[k], (int)slug.n,
		    slug.p))));
	json_object_set_new(o, "name", api_jstr(name));
	json_object_set_new(o, "slug", api_jstr(slug));
	json_object_set_new(o, "taxonomy", json_string(tax_name[k]));
	if (!embed) {
		if (!k)
			json_object_set_new(o, "parent", json_integer(0));
		json_object_set_new(o, "meta", json_array());
	}
	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/%s/%lld", tax_route[k],
			     (long long)id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/%s", tax_route[k])),
		0));
	api_links_add(o, "about",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/taxonomies/%s",
			     tax_name[k])),
		0));
	api_links_add(o, "wp:post_type",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/posts?%s=%lld",
			     tax_route[k], (long long)id)),
		0));
	api_links_add(o, "curies",
	    json_pack("{s:s,s:s,s:b}", "name", "wp", "href",
		"https://api.w.org/{rel}", "templated", 1));
	return o;
}

/* Every term of kind with its count, in *out. */
static enum ng_err
load_terms(struct api_ctx *ctx, enum term_kind kind, struct term **out,
    size_t *n)
{
	struct section	  *secs;
	struct tag	  *tags;
	struct term_count *counts;
	struct term	  *v;
	size_t		   i, j, nc, k;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	if (kind == TERM_SECTION)
		err = store_sections(ctx->a, ctx->st, &secs, &k);
	else
		err = store_tags(ctx->a, ctx->st, &tags, &k);
	if (err != NG_OK)
		return err;
	if ((err = store_term_counts(ctx->a, ctx->st, kind, &counts, &nc)) !=
	    NG_OK)
		return err;
	if (k == 0)
		return NG_OK;
	if ((v = arena_calloc(ctx->a, k, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < k; i++) {
		if (kind == TERM_SECTION) {
			v[i].id = secs[i].id;
			v[i].slug = secs[i].slug;
			v[i].name = secs[i].name;
			v[i].description = secs[i].description;
		} else {
			v[i].id = tags[i].id;
			v[i].slug = tags[i].slug;
			v[i].name = tags[i].name;
			v[i].description = STR_LIT("");
		}
		for (j = 0; j < nc; j++)
			if (counts[j].id == v[i].id)
				v[i].count = counts[j].count;
	}
	/*
	 * A tag is made by the first save that names it, and its name alone
	 * can give away an embargoed story: until a story out carries it,
	 * only those who manage tags see it.
	 */
	if (kind == TERM_TAG && !api_user_can(ctx, CAP_TAXONOMY)) {
		for (i = j = 0; i < k; i++)
			if (v[i].count > 0)
				v[j++] = v[i];
		k = j;
	}
	*out = v;
	*n = k;
	return NG_OK;
}

/* qsort comparators, one per orderby (no shared state). */
static int
cmp_name(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	size_t		   n = x->name.n < y->name.n ? x->name.n : y->name.n;
	int		   c = strncasecmp(x->name.p, y->name.p, n);

	if (c == 0)
		c = (x->name.n > y->name.n) - (x->name.n < y->name.n);
	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static int
cmp_slug(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	size_t		   n = x->slug.n < y->slug.n ? x->slug.n : y->slug.n;
	int		   c = memcmp(x->slug.p, y->slug.p, n);

	if (c == 0)
		c = (x->slug.n > y->slug.n) - (x->slug.n < y->slug.n);
	return c;
}

static int
cmp_id(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_count(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	if (x->count != y->count)
		return (x->count > y->count) - (x->count < y->count);
	return cmp_name(a, b);
}

static int
cmp_include(const void *a, const void *b)
{
	const struct term *x = a, *y = b;

	return (x->include_pos > y->include_pos) -
	    (x->include_pos < y->include_pos);
}

static int
cmp_desc(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	size_t n = x->description.n < y->description.n ? x->description.n :
							 y->description.n;
	int    c = n > 0 ? memcmp(x->description.p, y->description.p, n) : 0;

	if (c == 0)
		c = (x->description.n > y->description.n) -
		    (x->description.n < y->description.n);
	return c != 0 ? c : cmp_name(a, b);
}

static int
in_set(const struct id_set *s, int64_t id, size_t *pos)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == id) {
			if (pos != NULL)
				*pos = i;
			return 1;
		}
	return 0;
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

static enum ng_err
term_list(struct api_ctx *ctx, enum term_kind kind)
{
	static const char *const orderbys[] = { "name", "id", "include", "slug",
		"include_slugs", "term_group", "description", "count", NULL };
	static const char *const orders[] = { "asc", "desc", NULL };
	static int (*const cmps[])(const void *, const void *) = { cmp_name,
		cmp_id, cmp_include, cmp_slug, cmp_slug, cmp_name, cmp_desc,
		cmp_count };
	struct api_page pg;
	struct id_set	include, exclude;
	struct str	search, *slugs;
	struct term    *v, *keep;
	struct article *art = NULL;
	size_t		i, j, n, nslugs, nk = 0, pos;
	int64_t		parent, post;
	json_t	       *list;
	enum ng_err	err;
	int		ok = 1, ob, desc, hide, c, match;

	if ((c = api_context_cap(ctx, CAP_TAXONOMY,
		 "Sorry, you are not allowed to edit "
		 "terms in this taxonomy.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_str(ctx, "search", STORE_NAME_MAX, &search);
	ok &= api_p_ids(ctx, "include", &include);
	ok &= api_p_ids(ctx, "exclude", &exclude);
	ok &= api_p_strs(ctx, "slug", &slugs, &nslugs);
	ok &= api_p_enum(ctx, "orderby", orderbys, 0, &ob);
	ok &= api_p_enum(ctx, "order", orders, 0, &desc);
	ok &= api_p_bool(ctx, "hide_empty", 0, &hide);
	ok &= api_p_int(ctx, "post", 0, 0, INT64_MAX, &post);
	if (kind == TERM_SECTION)
		ok &= api_p_int(ctx, "parent", -1, 0, INT64_MAX, &parent);
	else
		parent = -1;
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (post != 0) {
		err = store_article_by_id(ctx->a, ctx->st, post, &art);
		if (err == NG_ENOTFOUND ||
		    (err == NG_OK && !api_may_read(ctx, art)))
			return api_fail(ctx, 404, "rest_post_invalid_id",
			    "Invalid post ID.", NULL);
		if (err != NG_OK)
			return err;
	}
	if ((err = load_terms(ctx, kind, &v, &n)) != NG_OK)
		return err;
	if (n > 0 && (keep = arena_calloc(ctx->a, n, sizeof(*keep))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < n; i++) {
		if (include.n > 0 && !in_set(&include, v[i].id, &pos))
			continue;
		v[i].include_pos = include.n > 0 ? pos : 0;
		if (in_set(&exclude, v[i].id, NULL))
			continue;
		if (hide && v[i].count == 0)
			continue;
		if (parent > 0)
			continue; /* sections are flat: no children */
		if (!contains_ci(v[i].name, search) &&
		    !contains_ci(v[i].slug, search))
			continue;
		if (nslugs > 0) {
			for (j = 0, match = 0; j < nslugs; j++)
				match |= str_eq(slugs[j], v[i].slug);
			if (!match)
				continue;
		}
		if (art != NULL) {
			match = 0;
			if (kind == TERM_SECTION)
				match = art->section_id == v[i].id;
			for (j = 0; kind == TERM_TAG && j < art->ntags; j++)
				match |= art->tags[j].id == v[i].id;
			if (!match)
				continue;
		}
		keep[nk++] = v[i];
	}
	if (nk > 1)
		qsort(keep, nk, sizeof(*keep), cmps[ob]);
	if (desc)
		for (i = 0; i < nk / 2; i++) {
			struct term t = keep[i];

			keep[i] = keep[nk - 1 - i];
			keep[nk - 1 - i] = t;
		}
	list = json_array();
	for (i = pg.offset; i < nk && i < pg.offset + pg.per_page; i++)
		json_array_append_new(list,
		    api_term_json(ctx, kind, keep[i].id, keep[i].slug,
			keep[i].name, keep[i].description, keep[i].count,
			ctx->context == API_CTX_EMBED));
	api_paginate(ctx, nk, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

static enum ng_err
term_get(struct api_ctx *ctx, enum term_kind kind)
{
	struct term *v;
	size_t	     i, n;
	enum ng_err  err;
	int	     c;

	if ((c = api_context_cap(ctx, CAP_TAXONOMY,
		 "Sorry, you are not allowed to edit "
		 "this term.")) < 0)
		return NG_OK;
	if (api_params_done(ctx) || c == 0)
		return NG_OK;
	if ((err = load_terms(ctx, kind, &v, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++)
		if (v[i].id == ctx->id)
			return api_send(ctx, 200,
			    api_term_json(ctx, kind, v[i].id, v[i].slug,
				v[i].name, v[i].description, v[i].count,
				ctx->context == API_CTX_EMBED));
	return api_fail(ctx, 404, "rest_term_invalid", "Term does not exist.",
	    NULL);
}

enum ng_err
api_categories(struct api_ctx *ctx)
{
	return term_list(ctx, TERM_SECTION);
}

enum ng_err
api_category(struct api_ctx *ctx)
{
	return term_get(ctx, TERM_SECTION);
}

enum ng_err
api_tags(struct api_ctx *ctx)
{
	return term_list(ctx, TERM_TAG);
}

enum ng_err
api_tag(struct api_ctx *ctx)
{
	return term_get(ctx, TERM_TAG);
}
