/*
 * test_routes.c -- the one route table (routes.c): well formed, nothing
 * duplicated or shadowed, and each public URL shape lands on the handler
 * site.h names for it, with the right captures; article URLs, whose
 * shape is a setting, land on the fallback.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "content/permalink.h"
#include "content/slug.h"
#include "http/req.h"
#include "api/api.h"
#include "http/router.h"
#include "routes.h"
#include "site/discovery.h"
#include "site/site.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_table_check(void **state)
{
	char err[256] = "";

	(void)state;
	if (router_check(routes, nroutes, err, sizeof(err)) != NG_OK)
		fail_msg("%s", err);
}

/* Every pair, spelled out, so a failure names the routes. */
static void
test_no_shadowing(void **state)
{
	size_t i, j;

	(void)state;
	for (j = 0; j < nroutes; j++)
		for (i = 0; i < j; i++) {
			if (route_is_fallback(&routes[j]))
				continue; /* gets only the rest */
			if (!(routes[i].methods & routes[j].methods))
				continue;
			if (strcmp(routes[i].pattern, routes[j].pattern) == 0)
				fail_msg("%s duplicates %s", routes[j].name,
				    routes[i].name);
			if (router_patterns_overlap(routes[i].pattern,
				routes[j].pattern) &&
			    !router_pattern_covers(routes[j].pattern,
				routes[i].pattern))
				fail_msg("%s is shadowed by %s", routes[j].name,
				    routes[i].name);
		}
}

static const struct {
	const char *path;
	route_fn    fn;
	const char *caps[REQ_MAXCAPS];
} cases[] = {
	/* "/" is routes.c's front_or_api (the API's ?rest_route=) */
	{ "/", NULL, { NULL } },
	{ "/page/2/", site_front, { "2" } },
	{ "/wp-json/", api_handler, { NULL } },
	{ "/wp-json/wp/v2/posts/12", api_handler,
	    { "wp", "v2", "posts", "12" } },
	/*
	 * the fallback: date archives, pages (site/page.c), then
	 * site/article.c matches the permalink pattern
	 */
	{ "/2024/05/niger-breaks-off-deal/", site_fallback, { NULL } },
	{ "/2024/05/niger-breaks-off-deal.txt", site_fallback, { NULL } },
	{ "/2024/05/niger-breaks-off-deal/feed/", site_fallback, { NULL } },
	{ "/niger-breaks-off-deal/", site_fallback, { NULL } },
	{ "/archives/42/", site_fallback, { NULL } },
	{ "/2024/05/", site_fallback, { NULL } },
	{ "/about/team/", site_fallback, { NULL } },
	/* WordPress's addresses */
	{ "/category/world/africa/", site_section_nested,
	    { "world", "africa" } },
	{ "/category/world/africa/page/2/", site_section_nested_page,
	    { "world", "africa", "2" } },
	{ "/feed/rss2/", site_feed_rss, { NULL } },
	{ "/feed/rdf/", site_feed_rss, { NULL } },
	{ "/wp-sitemap.xml", site_sitemap_index, { NULL } },
	{ "/wp-admin/", site_wp_admin, { NULL } },
	{ "/wp-admin/post.php", site_wp_admin, { "post.php" } },
	{ "/wp-login.php", site_wp_login, { NULL } },
	{ "/wp-content/uploads/2019/05/a.jpg", site_wp_upload,
	    { "2019", "05", "a.jpg" } },
	{ "/category/world/", site_section, { "world" } },
	{ "/category/world/page/3/", site_section, { "world", "3" } },
	{ "/tag/niger/", site_tag, { "niger" } },
	{ "/tag/niger/page/2/", site_tag, { "niger", "2" } },
	{ "/author/asian-lite/", site_author, { "asian-lite" } },
	{ "/author/asian-lite/page/2/", site_author, { "asian-lite", "2" } },
	{ "/assets/style.3f2a9c1e.css", site_asset, { "style.3f2a9c1e.css" } },
	{ "/healthz", site_healthz, { NULL } },
	{ "/robots.txt", site_robots, { NULL } },
	/* literal shapes that look like articles still go where they say */
	{ "/category/world/feed/", site_feed_rss, { "world" } },
	{ "/tag/niger/page/2/", site_tag, { "niger", "2" } },
	{ "/category/world/page/", site_section_nested, { "world", "page" } },
};

static void
test_dispatch(void **state)
{
	struct req	    r;
	const struct route *rt;
	unsigned	    allow;
	size_t		    i, k;
	enum http_method    m;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		for (m = HTTP_GET; m <= HTTP_HEAD; m++) {
			memset(&r, 0, sizeof(r));
			r.path = str_c(cases[i].path);
			r.method = m;
			if (router_match(routes, nroutes, &r, &rt, &allow) !=
			    ROUTE_FOUND)
				fail_msg("%s not routed", cases[i].path);
			if (cases[i].fn == NULL ?
				strcmp(rt->name, "front") != 0 :
				rt->fn != cases[i].fn)
				fail_msg("%s went to %s", cases[i].path,
				    rt->name);
			for (k = 0; k < REQ_MAXCAPS && cases[i].caps[k] != NULL;
			     k++)
				assert_true(
				    str_eqc(r.caps[k], cases[i].caps[k]));
			assert_int_equal(r.ncaps, k);
		}
	}
}

static const struct {
	const char	 *path;
	enum route_result want;
} misc_cases[] = {
	{ "/healthz/", ROUTE_DEL_SLASH },
	{ "/robots.txt/", ROUTE_DEL_SLASH },
	{ "/page/2", ROUTE_ADD_SLASH },
	{ "/tag/niger", ROUTE_ADD_SLASH },
	/* the fallback comes after the slash check, and takes the rest */
	{ "/2024/05/slug", ROUTE_FOUND },
	{ "/assets/", ROUTE_FOUND },
	{ "/nope", ROUTE_FOUND },
	{ "/a/b/c/d/e/", ROUTE_FOUND },
};

static void
test_canonical(void **state)
{
	struct req	    r;
	const struct route *rt;
	unsigned	    allow;
	size_t		    i;

	(void)state;
	for (i = 0; i < NELEM(misc_cases); i++) {
		memset(&r, 0, sizeof(r));
		r.path = str_c(misc_cases[i].path);
		r.method = HTTP_GET;
		if (router_match(routes, nroutes, &r, &rt, &allow) !=
		    misc_cases[i].want)
			fail_msg("%s", misc_cases[i].path);
	}
	/*
	 * Public pages are read-only; "/" takes every method for the
	 * API's ?rest_route= and answers 405 itself otherwise.
	 */
	memset(&r, 0, sizeof(r));
	r.path = STR_LIT("/page/2/");
	r.method = HTTP_POST;
	assert_int_equal(router_match(routes, nroutes, &r, &rt, &allow),
	    ROUTE_WRONG_METHOD);
	assert_int_equal(allow, ROUTE_GETHEAD);
	/* The fallback takes only its own methods. */
	r.path = STR_LIT("/2024/05/slug/");
	r.method = HTTP_PUT;
	assert_int_equal(router_match(routes, nroutes, &r, &rt, &allow),
	    ROUTE_NONE);
}

/*
 * An article slug may not be the first word of a route: with the
 * pattern "/%postname%/" the two would fight over one URL.
 */
static void
test_reserved_words(void **state)
{
	struct str  first;
	const char *p, *end;
	size_t	    i;

	(void)state;
	for (i = 0; i < nroutes; i++) {
		if (route_is_fallback(&routes[i]))
			continue;
		p = routes[i].pattern + 1;
		end = strchr(p, '/');
		first = (struct str){ p,
			end != NULL ? (size_t)(end - p) : strlen(p) };
		if (first.n == 0 || first.p[0] == '{' || !slug_valid(first))
			continue;
		if (!permalink_slug_reserved(first))
			fail_msg("route %s: \"%.*s\" is not reserved in "
				 "content/permalink.c",
			    routes[i].name, (int)first.n, first.p);
	}
}

/* The fallback must be last, and only once. */
static void
test_fallback_position(void **state)
{
	static const struct route bad[] = {
		{ ROUTE_FALLBACK, ROUTE_GETHEAD, site_fallback, 0, "a" },
		{ "/", ROUTE_GETHEAD, site_front, 0, "b" },
	};
	char err[256];

	(void)state;
	assert_true(route_is_fallback(&routes[nroutes - 1]));
	assert_int_equal(router_check(bad, NELEM(bad), err, sizeof(err)),
	    NG_EINVAL);
	assert_non_null(strstr(err, "last"));
	assert_int_equal(router_check(&bad[1], 1, err, sizeof(err)), NG_OK);
	assert_int_equal(router_check(bad, 1, err, sizeof(err)), NG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_check),
		cmocka_unit_test(test_no_shadowing),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_reserved_words),
		cmocka_unit_test(test_fallback_position),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
