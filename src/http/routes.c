/*
 * routes.c -- THE route table (STYLE.md pattern 1), and the wiring of
 * the site module into the server.
 *
 * Order matters only where patterns overlap: the first route that
 * matches path and method wins, so a literal-prefixed route goes before
 * a generic one of the same shape.  router_check() (run at start and by
 * tests/unit/http/test_routes.c) refuses a table where an earlier route
 * steals paths from a later one.
 *
 * server_start() lives here, not in server.c, so that server.c links
 * without the site handlers (its unit test runs it with a table of its
 * own).
 */
#include <stddef.h>

#include "http/router.h"
#include "http/server.h"
#include "site/site.h"

/* Public pages take no request body. */
#define NOBODY	0

const struct route routes[] = {
	{ "/",			ROUTE_GETHEAD, site_front, NOBODY, "front" },
	{ "/page/{}/",		ROUTE_GETHEAD, site_front, NOBODY,
	    "front_page" },
	{ "/category/{}/",	ROUTE_GETHEAD, site_section, NOBODY,
	    "section" },
	{ "/category/{}/page/{}/", ROUTE_GETHEAD, site_section, NOBODY,
	    "section_page" },
	{ "/tag/{}/",		ROUTE_GETHEAD, site_tag, NOBODY, "tag" },
	{ "/tag/{}/page/{}/",	ROUTE_GETHEAD, site_tag, NOBODY, "tag_page" },
	{ "/author/{}/",	ROUTE_GETHEAD, site_author, NOBODY, "author" },
	{ "/author/{}/page/{}/", ROUTE_GETHEAD, site_author, NOBODY,
	    "author_page" },
	{ "/assets/{}",		ROUTE_GETHEAD, site_asset, NOBODY, "asset" },
	{ "/healthz",		ROUTE_GETHEAD, site_healthz, NOBODY,
	    "healthz" },
	{ "/robots.txt",	ROUTE_GETHEAD, site_robots, NOBODY, "robots" },
	/* Generic shapes last: /YYYY/MM/slug/ and its text view. */
	{ "/{}/{}/{}/",		ROUTE_GETHEAD, site_article, NOBODY,
	    "article" },
	{ "/{}/{}/{}.txt",	ROUTE_GETHEAD, site_article_txt, NOBODY,
	    "article_txt" },
};
const size_t nroutes = sizeof(routes) / sizeof(routes[0]);

enum ng_err
server_start(const struct app *app, struct server **out, char *errbuf,
    size_t errsz)
{
	const struct server_hooks hooks = { routes, nroutes, site_error };

	return server_start_with(app, &hooks, out, errbuf, errsz);
}
