/*
 * api.c -- the REST API's own route table and dispatch.
 *
 * routes.c hands over every path under /wp-json/ (and ?rest_route=);
 * the route inside it is matched here against api_routes[], as
 * WordPress's WP_REST_Server matches its registered regexes: a route
 * that exists but not for the method, or a path that matches nothing,
 * is 404 rest_no_route, never an HTML page.  The same table feeds the
 * discovery document (index.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/api.h"
#include "api/api_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "reader/urls.h"
#include "store/store.h"

#define M(x) ROUTE_M(HTTP_##x)
#define RD   (M(GET) | M(HEAD))
#define WR   (M(POST) | M(PUT) | M(PATCH))

static const struct api_arg list_args[] = {
	{ "context", "string",
	    "Scope under which the request is made; "
	    "determines fields present in response." },
	{ "page", "integer", "Current page of the collection." },
	{ "per_page", "integer",
	    "Maximum number of items to be returned in "
	    "result set." },
	{ "search", "string", "Limit results to those matching a string." },
	{ "exclude", "array", "Ensure result set excludes specific IDs." },
	{ "include", "array", "Limit result set to specific IDs." },
	{ "offset", "integer",
	    "Offset the result set by a specific number "
	    "of items." },
	{ "order", "string",
	    "Order sort attribute ascending or "
	    "descending." },
	{ "orderby", "string", "Sort collection by object attribute." },
	{ "slug", "array",
	    "Limit result set to items with one or more "
	    "specific slugs." },
	{ NULL, NULL, NULL }
};

static const struct api_arg post_list_args[] = {
	{ "context", "string",
	    "Scope under which the request is made; "
	    "determines fields present in response." },
	{ "page", "integer", "Current page of the collection." },
	{ "per_page", "integer",
	    "Maximum number of items to be returned in "
	    "result set." },
	{ "search", "string", "Limit results to those matching a string." },
	{ "after", "string",
	    "Limit response to posts published after a "
	    "given ISO8601 compliant date." },
	{ "modified_after", "string",
	    "Limit response to posts modified "
	    "after a given ISO8601 compliant date." },
	{ "author", "array",
	    "Limit result set to posts assigned to specific "
	    "authors." },
	{ "author_exclude", "array",
	    "Ensure result set excludes posts "
	    "assigned to specific authors." },
	{ "before", "string",
	    "Limit response to posts published before a "
	    "given ISO8601 compliant date." },
	{ "modified_before", "string",
	    "Limit response to posts modified "
	    "before a given ISO8601 compliant date." },
	{ "exclude", "array", "Ensure result set excludes specific IDs." },
	{ "include", "array", "Limit result set to specific IDs." },
	{ "offset", "integer",
	    "Offset the result set by a specific number "
	    "of items." },
	{ "order", "string",
	    "Order sort attribute ascending or "
	    "descending." },
	{ "orderby", "string", "Sort collection by post attribute." },
	{ "slug", "array",
	    "Limit result set to posts with one or more "
	    "specific slugs." },
	{ "status", "array",
	    "Limit result set to posts assigned one or "
	    "more statuses." },
	{ "categories", "array",
	    "Limit result set to items with specific "
	    "terms assigned in the categories taxonomy." },
	{ "categories_exclude", "array",
	    "Limit result set to items except "
	    "those with specific terms assigned in the categories "
	    "taxonomy." },
	{ "tags", "array",
	    "Limit result set to items with specific terms "
	    "assigned in the tags taxonomy." },
	{ "tags_exclude", "array",
	    "Limit result set to items except those "
	    "with specific terms assigned in the tags taxonomy." },
	{ NULL, NULL, NULL }
};

static const struct api_arg item_args[] = {
	{ "id", "integer", "Unique identifier for the object." },
	{ "context", "string",
	    "Scope under which the request is made; "
	    "determines fields present in response." },
	{ NULL, NULL, NULL }
};

static const struct api_arg search_args[] = {
	{ "context", "string",
	    "Scope under which the request is made; "
	    "determines fields present in response." },
	{ "page", "integer", "Current page of the collection." },
	{ "per_page", "integer",
	    "Maximum number of items to be returned in "
	    "result set." },
	{ "search", "string", "Limit results to those matching a string." },
	{ "type", "string", "Limit results to items of an object type." },
	{ "subtype", "array",
	    "Limit results to items of one or more object "
	    "subtypes." },
	{ NULL, NULL, NULL }
};

static const struct api_arg oembed_args[] = {
	{ "url", "string",
	    "The URL of the resource for which to fetch "
	    "oEmbed data." },
	{ "format", "string", "The oEmbed format to use." },
	{ "maxwidth", "integer",
	    "The maximum width of the embed frame in "
	    "pixels." },
	{ NULL, NULL, NULL }
};

static const struct api_arg no_args[] = { { NULL, NULL, NULL } };

/*
 * The routes, in WordPress's order.  "{id}" matches one run of digits;
 * literal segments win over it because they come first.
 */
const struct api_route api_routes[] = {
	{ "/", RD, api_index, no_args },
	{ "/wp/v2", RD, api_ns_index, no_args },
	{ "/wp/v2/posts", RD | M(POST), api_posts, post_list_args },
	{ "/wp/v2/posts/{id}", RD | WR | M(DELETE), api_post_get, item_args },
	{ "/wp/v2/pages", RD | M(POST), api_pages, list_args },
	{ "/wp/v2/pages/{id}", RD | WR | M(DELETE), api_page_get, item_args },
	{ "/wp/v2/categories", RD, api_categories, list_args },
	{ "/wp/v2/categories/{id}", RD, api_category, item_args },
	{ "/wp/v2/tags", RD, api_tags, list_args },
	{ "/wp/v2/tags/{id}", RD, api_tag, item_args },
	{ "/wp/v2/users", RD, api_users, list_args },
	{ "/wp/v2/users/me", RD, api_user_me, no_args },
	{ "/wp/v2/users/{id}", RD, api_user, item_args },
	{ "/wp/v2/comments", RD | M(POST), api_comments, list_args },
	{ "/wp/v2/comments/{id}", RD | WR | M(DELETE), api_comment, item_args },
	{ "/wp/v2/media", RD | M(POST), api_media_list, list_args },
	{ "/wp/v2/media/{id}", RD | WR | M(DELETE), api_media_item, item_args },
	{ "/wp/v2/search", RD, api_search, search_args },
	{ "/wp/v2/types", RD, api_types, no_args },
	{ "/wp/v2/taxonomies", RD, api_taxonomies, no_args },
	{ "/oembed/1.0/embed", RD, api_oembed, oembed_args },
};
const size_t api_nroutes = sizeof(api_routes) / sizeof(api_routes[0]);

/*
 * Match path against pattern; *id gets the {id} digits.  A {id} over
 * 18 digits cannot be an id and does not match.
 */
static int
pattern_match(const char *pat, struct str path, int64_t *id)
{
	size_t	i = 0, d;
	int64_t v;

	*id = 0;
	while (*pat != '\0') {
		if (strncmp(pat, "{id}", 4) == 0) {
			for (d = 0, v = 0;
			     i < path.n && path.p[i] >= '0' && path.p[i] <= '9';
			     i++, d++)
				if (d < 18)
					v = v * 10 + (path.p[i] - '0');
			if (d == 0 || d > 18)
				return 0;
			*id = v;
			pat += 4;
			continue;
		}
		if (i >= path.n || path.p[i] != *pat)
			return 0;
		i++;
		pat++;
	}
	return i == path.n;
}

/* The request's method after WordPress's _method override. */
static enum http_method
method_of(struct req *r)
{
	struct str m;

	if (r->method != HTTP_POST)
		return r->method;
	if ((m = req_query(r, "_method")).p == NULL)
		m = req_header(r, "X-HTTP-Method-Override");
	if (m.p == NULL)
		return r->method;
	return req_method_of(m);
}

static int
is_json(struct req *r)
{
	struct str ct = req_header(r, "Content-Type");

	return ct.n >= 16 && strncasecmp(ct.p, "application/json", 16) == 0;
}

/* Parse a JSON body; 0 when it answered 400. */
static int
read_body(struct api_ctx *ctx)
{
	json_error_t e;
	json_t	    *v;

	if (ctx->r->body.n == 0 || !is_json(ctx->r))
		return 1;
	v = json_loadb(ctx->r->body.p, ctx->r->body.n, 0, &e);
	if (v == NULL) {
		(void)api_fail(ctx, 400, "rest_invalid_json",
		    "Invalid JSON body passed.",
		    json_pack("{s:i,s:s}", "json_error_code",
			(int)json_error_code(&e), "json_error_message",
			e.text));
		return 0;
	}
	if (!json_is_object(v)) {
		/* Only an object carries parameters. */
		json_decref(v);
		return 1;
	}
	ctx->body = v;
	return 1;
}

/* Run the route for path ("/wp/v2/posts/1") with method m. */
static enum ng_err
dispatch(struct req *r, struct resp *rs, struct str path)
{
	struct api_ctx		ctx;
	const struct api_route *rt = NULL;
	enum http_method	m = method_of(r);
	enum ng_err		err;
	int64_t			id = 0;
	size_t			i;
	int			path_found = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.r = r;
	ctx.rs = rs;
	ctx.a = r->arena;
	ctx.st = r->app->store;
	ctx.query = r->query;
	/* WordPress matches a route with or without its last slash. */
	while (path.n > 1 && path.p[path.n - 1] == '/')
		path.n--;
	if (path.n == 0)
		path = STR_LIT("/");
	ctx.path = path;
	if (m == HTTP_HEAD)
		m = HTTP_GET;
	for (i = 0; i < api_nroutes; i++) {
		if (!pattern_match(api_routes[i].pattern, path, &id))
			continue;
		path_found = 1;
		if (api_routes[i].methods & ROUTE_M(m)) {
			rt = &api_routes[i];
			break;
		}
	}
	if (rt == NULL && path_found && m == HTTP_OPTIONS)
		return api_fail(&ctx, 200, "rest_options", "OPTIONS", NULL);
	if (rt == NULL)
		return api_fail(&ctx, 404, "rest_no_route",
		    "No route was found "
		    "matching the URL and request method.",
		    NULL);
	ctx.route = rt;
	ctx.id = id;
	if (!read_body(&ctx))
		return NG_OK;
	ctx.method = m;
	ctx.tz_off = api_tz_offset(&ctx);
	err = api_auth(&ctx) ? rt->fn(&ctx) : NG_OK;
	if (ctx.body != NULL)
		json_decref(ctx.body);
	if (ctx.bad_params != NULL) {
		json_decref(ctx.bad_params);
		json_decref(ctx.bad_details);
	}
	if (err == NG_EDB || err == NG_ENOMEM || err == NG_EIO) {
		memset(rs, 0, sizeof(*rs));
		ctx.route = NULL;
		return api_fail(&ctx, 500, "rest_internal_error",
		    "The server could not answer this request.", NULL);
	}
	return err;
}

enum ng_err
api_handler(struct req *r, struct resp *rs)
{
	struct str p = r->path;

	/* r->path is "/wp-json..." (routes.c); the rest is the route. */
	p.p += 8;
	p.n -= 8;
	return dispatch(r, rs, p);
}

int
api_rest_route(struct req *r, struct resp *rs, enum ng_err *err)
{
	struct str route = req_query(r, "rest_route");

	if (route.p == NULL)
		return 0;
	if (route.n == 0 || route.p[0] != '/')
		route = STR_LIT("/");
	*err = dispatch(r, rs, route);
	return 1;
}

int
api_is_api_request(const struct req *r)
{
	return str_has_prefix(r->path, STR_LIT("/wp-json")) ||
	    (r->path.n == 1 && req_query(r, "rest_route").p != NULL);
}

void
api_error(struct req *r, struct resp *rs, int status)
{
	struct api_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.r = r;
	ctx.rs = rs;
	ctx.a = r->arena;
	switch (status) {
	case 404:
		(void)api_fail(&ctx, 404, "rest_no_route",
		    "No route was found "
		    "matching the URL and request method.",
		    NULL);
		break;
	case 413:
		(void)api_fail(&ctx, 413, "rest_request_too_large",
		    "The request body is too large.", NULL);
		break;
	case 400:
		(void)api_fail(&ctx, 400, "rest_invalid_request",
		    "The request could not be understood.", NULL);
		break;
	default:
		(void)api_fail(&ctx, status, "rest_error", resp_reason(status),
		    NULL);
		break;
	}
}

const char *
api_root_url(struct req *r)
{
	return arena_printf(r->arena, "%s/wp-json/", site_origin(r));
}
