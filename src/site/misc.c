/*
 * misc.c -- theme assets, /healthz, /readyz, /robots.txt and the error
 * page.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

static const char robots_txt[] = "User-agent: *\n"
				 "Allow: /\n"
				 "Disallow: /admin/\n";

/* Text worth compressing; images and fonts already are. */
static int
compressible(const char *type)
{
	return strncmp(type, "text/", 5) == 0 ||
	    strncmp(type, "image/svg+xml", 13) == 0 ||
	    strncmp(type, "application/json", 16) == 0;
}

/*
 * The URL carries the content hash, so a response can be cached forever:
 * a changed file gets a new URL, and an old URL is simply a 404.
 */
enum ng_err
site_asset(struct req *r, struct resp *rs)
{
	const struct theme_asset *as;

	if (r->app->theme == NULL ||
	    (as = theme_asset_by_url(r->app->theme, r->path)) == NULL)
		return NG_ENOTFOUND;
	rs->status = 200;
	rs->content_type = as->content_type;
	rs->body = as->body;
	rs->cache_control = SITE_CACHE_ASSET;
	rs->compress = compressible(as->content_type);
	return NG_OK;
}

/*
 * /healthz: the process is alive and serving (a load balancer's
 * liveness check).  It does not touch the database, so a PostgreSQL
 * restart does not get healthy instances killed; /readyz says whether
 * to send them traffic.
 */
enum ng_err
site_healthz(struct req *r, struct resp *rs)
{
	(void)r;
	rs->status = 200;
	rs->content_type = SITE_TEXT;
	rs->body = STR_LIT("ok\n");
	rs->cache_control = SITE_CACHE_NONE;
	rs->compress = 0;
	return NG_OK;
}

/*
 * /readyz: the database answers and its schema is fully migrated, so
 * this instance can serve every page.  503 with Retry-After
 * otherwise, which the server adds for NG_EDB.
 */
enum ng_err
site_readyz(struct req *r, struct resp *rs)
{
	enum ng_err err;

	if ((err = store_ready(r->app->store)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = SITE_TEXT;
	rs->body = STR_LIT("ready\n");
	rs->cache_control = SITE_CACHE_NONE;
	rs->compress = 0;
	return NG_OK;
}

enum ng_err
site_robots(struct req *r, struct resp *rs)
{
	const char *body, *maps;

	/* Sitemap lines need absolute URLs. */
	if ((maps = sitemap_robots_lines(r)) == NULL ||
	    (body = arena_printf(r->arena, "%s\n%s", robots_txt, maps)) == NULL)
		return NG_ENOMEM;
	rs->status = 200;
	rs->content_type = SITE_TEXT;
	rs->body = str_c(body);
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 0;
	return NG_OK;
}

/* The last resort: a static line that needs no memory at all. */
static void
plain(struct req *r, struct resp *rs, int status, const char *reason,
    const char *message)
{
	char *s = NULL;

	if (r != NULL && r->arena != NULL)
		s = arena_printf(r->arena, "%d %s\n%s%s", status, reason,
		    message != NULL ? message : "",
		    message != NULL && *message != '\0' ? "\n" : "");
	rs->status = status;
	rs->content_type = SITE_TEXT;
	rs->body = s != NULL ? str_c(s) : str_c(reason);
	rs->compress = 0;
}

void
site_error(struct req *r, struct resp *rs, int status, const char *message)
{
	const char *reason;
	struct view v;
	struct tv  *e;
	enum ng_err err;

	if (status < 100 || status > 599)
		status = 500;
	reason = resp_reason(status);
	rs->cache_control = status == 404 || status == 410 ?
	    "public, max-age=60" :
	    SITE_CACHE_NONE;
	if (r == NULL || r->app == NULL || r->app->theme == NULL ||
	    r->arena == NULL || arena_failed(r->arena)) {
		plain(r, rs, status, reason, message);
		return;
	}
	/* lenient: a failing store must not take the error page with it. */
	if (view_init(&v, r, 0, 1) != NG_OK) {
		plain(r, rs, status, reason, message);
		return;
	}
	e = tv_map(v.a);
	tv_set_cstr(v.a, e, "status", arena_printf(v.a, "%d", status));
	tv_set_cstr(v.a, e, "reason", reason);
	tv_set_bool(v.a, e, "not_found", status == 404 || status == 410);
	if (message != NULL && *message != '\0')
		tv_set_cstr(v.a, e, "message", arena_strdup(v.a, message));
	tv_set(v.a, v.root, "error", e);
	view_head(&v, status == 404 ? "Page not found" : reason, STR_NULL,
	    NULL);
	if ((err = view_render(&v, rs, "error")) != NG_OK) {
		plain(r, rs, status, reason, message);
		return;
	}
	/* view_render made it a cacheable 200; put the error back. */
	rs->status = status;
	rs->cache_control = status == 404 || status == 410 ?
	    "public, max-age=60" :
	    SITE_CACHE_NONE;
}
