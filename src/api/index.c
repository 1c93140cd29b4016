/*
 * index.c -- discovery: GET /wp-json/ (the site, its namespaces, every
 * route with its methods and arguments, and how to authenticate), the
 * namespace index /wp-json/wp/v2, and the types and taxonomies a client
 * reads to learn where posts, categories and tags live.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "http/router.h"
#include "store/store.h"

static const struct {
	enum http_method m;
	const char	*name;
} method_names[] = {
	{ HTTP_GET, "GET" },
	{ HTTP_POST, "POST" },
	{ HTTP_PUT, "PUT" },
	{ HTTP_PATCH, "PATCH" },
	{ HTTP_DELETE, "DELETE" },
};

/* "/wp/v2/posts/{id}" as WordPress writes the route's regex. */
static const char *
route_key(struct api_ctx *ctx, const char *pat)
{
	const char *p = strstr(pat, "{id}");

	if (p == NULL)
		return pat;
	return arena_printf(ctx->a, "%.*s(?P<id>[\\d]+)%s", (int)(p - pat), pat,
	    p + 4);
}

static json_t *
methods_of(unsigned mask)
{
	json_t *v = json_array();
	size_t	i;

	for (i = 0; i < sizeof(method_names) / sizeof(method_names[0]); i++)
		if (mask & ROUTE_M(method_names[i].m))
			json_array_append_new(v,
			    json_string(method_names[i].name));
	return v;
}

static json_t *
route_json(struct api_ctx *ctx, const struct api_route *rt)
{
	json_t	   *o, *eps, *args;
	const char *ns;
	size_t	    i;
	unsigned wr = rt->methods & ~(ROUTE_M(HTTP_GET) | ROUTE_M(HTTP_HEAD));

	ns = strncmp(rt->pattern, "/wp/v2", 6) == 0 ? API_NS :
	    strncmp(rt->pattern, "/oembed", 7) == 0 ? "oembed/1.0" :
						      "";
	o = json_object();
	json_object_set_new(o, "namespace", json_string(ns));
	json_object_set_new(o, "methods", methods_of(rt->methods));
	eps = json_array();
	args = json_object();
	for (i = 0; rt->args[i].name != NULL; i++)
		json_object_set_new(args, rt->args[i].name,
		    json_pack("{s:s,s:s,s:b}", "description",
			rt->args[i].description, "type", rt->args[i].type,
			"required", strcmp(rt->args[i].name, "id") == 0));
	json_array_append_new(eps,
	    json_pack("{s:o,s:o}", "methods", methods_of(ROUTE_M(HTTP_GET)),
		"args", args));
	if (wr != 0)
		json_array_append_new(eps,
		    json_pack("{s:o,s:{}}", "methods", methods_of(wr), "args"));
	json_object_set_new(o, "endpoints", eps);
	if (strstr(rt->pattern, "{id}") == NULL)
		json_object_set_new(o, "_links",
		    json_pack("{s:[{s:s}]}", "self", "href",
			api_url(ctx, rt->pattern)));
	return o;
}

static json_t *
routes_json(struct api_ctx *ctx, const char *prefix)
{
	json_t *o = json_object();
	size_t	i, n = strlen(prefix);

	for (i = 0; i < api_nroutes; i++)
		if (strncmp(api_routes[i].pattern, prefix, n) == 0)
			json_object_set_new(o,
			    route_key(ctx, api_routes[i].pattern),
			    route_json(ctx, &api_routes[i]));
	return o;
}

enum ng_err
api_index(struct api_ctx *ctx)
{
	static const char *const keys[] = { "title", "tagline", "timezone" };
	struct str		 v[3];
	const char		*home;
	json_t			*o, *auth;
	enum ng_err		 err;

	if ((err = store_setting_get_many(ctx->a, ctx->st, keys, 3, v)) !=
	    NG_OK)
		return err;
	if (v[0].n == 0 && ctx->r->app->cfg != NULL &&
	    ctx->r->app->cfg->site_title != NULL)
		v[0] = str_c(ctx->r->app->cfg->site_title);
	home = api_site_url(ctx, "");
	o = json_object();
	json_object_set_new(o, "name", api_jstr(v[0]));
	json_object_set_new(o, "description", api_jstr(v[1]));
	json_object_set_new(o, "url", json_string(home));
	json_object_set_new(o, "home", json_string(home));
	json_object_set_new(o, "gmt_offset", json_real(ctx->tz_off / 3600.0));
	json_object_set_new(o, "timezone_string", api_jstr(v[2]));
	json_object_set_new(o, "namespaces",
	    json_pack("[s,s]", "oembed/1.0", API_NS));
	auth = json_pack("{s:{s:{s:s}}}", "application-passwords", "endpoints",
	    "authorization", api_site_url(ctx, "/admin/profile/"));
	json_object_set_new(o, "authentication", auth);
	json_object_set_new(o, "routes", routes_json(ctx, "/"));
	json_object_set_new(o, "site_logo", json_integer(0));
	json_object_set_new(o, "site_icon", json_integer(0));
	json_object_set_new(o, "site_icon_url", json_string(""));
	api_links_add(o, "help",
	    api_link("https://developer.wordpress.org/rest-api/", 0));
	return api_send(ctx, 200, o);
}

enum ng_err
api_ns_index(struct api_ctx *ctx)
{
	json_t *o = json_object();

	json_object_set_new(o, "namespace", json_string(API_NS));
	json_object_set_new(o, "routes", routes_json(ctx, "/wp/v2"));
	api_links_add(o, "up", api_link(api_url(ctx, "/"), 0));
	return api_send(ctx, 200, o);
}

static json_t *
type_json(struct api_ctx *ctx, const char *name, const char *slug,
    const char *rest_base, const char *const *taxonomies)
{
	json_t *o = json_object(), *tx = json_array();
	size_t	i;

	for (i = 0; taxonomies[i] != NULL; i++)
		json_array_append_new(tx, json_string(taxonomies[i]));
	json_object_set_new(o, "description", json_string(""));
	json_object_set_new(o, "hierarchical",
	    json_boolean(strcmp(slug, "page") == 0));
	json_object_set_new(o, "has_archive", json_false());
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "slug", json_string(slug));
	json_object_set_new(o, "icon", json_null());
	json_object_set_new(o, "taxonomies", tx);
	json_object_set_new(o, "rest_base", json_string(rest_base));
	json_object_set_new(o, "rest_namespace", json_string(API_NS));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/types"), 0));
	api_links_add(o, "wp:items",
	    api_link(api_url(ctx, arena_printf(ctx->a, "/wp/v2/%s", rest_base)),
		0));
	return o;
}

enum ng_err
api_types(struct api_ctx *ctx)
{
	static const char *const post_tax[] = { "category", "post_tag", NULL };
	static const char *const none[] = { NULL };
	json_t			*o = json_object();

	json_object_set_new(o, "post",
	    type_json(ctx, "Posts", "post", "posts", post_tax));
	json_object_set_new(o, "page",
	    type_json(ctx, "Pages", "page", "pages", none));
	json_object_set_new(o, "attachment",
	    type_json(ctx, "Media", "attachment", "media", none));
	return api_send(ctx, 200, o);
}

static json_t *
tax_json(struct api_ctx *ctx, const char *name, const char *slug,
    const char *rest_base, int hier)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "slug", json_string(slug));
	json_object_set_new(o, "description", json_string(""));
	json_object_set_new(o, "types", json_pack("[s]", "post"));
	json_object_set_new(o, "hierarchical", json_boolean(hier));
	json_object_set_new(o, "rest_base", json_string(rest_base));
	json_object_set_new(o, "rest_namespace", json_string(API_NS));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/taxonomies"), 0));
	api_links_add(o, "wp:items",
	    api_link(api_url(ctx, arena_printf(ctx->a, "/wp/v2/%s", rest_base)),
		0));
	return o;
}

enum ng_err
api_taxonomies(struct api_ctx *ctx)
{
	json_t *o = json_object();

	json_object_set_new(o, "category",
	    tax_json(ctx, "Categories", "category", "categories", 1));
	json_object_set_new(o, "post_tag",
	    tax_json(ctx, "Tags", "post_tag", "tags", 0));
	return api_send(ctx, 200, o);
}
