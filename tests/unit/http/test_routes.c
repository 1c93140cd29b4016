/*
 * test_routes.c -- the one route table (routes.c): well formed, nothing
 * duplicated or shadowed, and each public URL shape lands on the handler
 * site.h names for it, with the right captures.
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "http/req.h"
#include "http/router.h"
#include "site/site.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_table_check(void **state)
{
	char	 err[256] = "";

	(void)state;
	if (router_check(routes, nroutes, err, sizeof(err)) != NG_OK)
		fail_msg("%s", err);
}

/* Every pair, spelled out, so a failure names the routes. */
static void
test_no_shadowing(void **state)
{
	size_t	 i, j;

	(void)state;
	for (j = 0; j < nroutes; j++)
		for (i = 0; i < j; i++) {
			if (!(routes[i].methods & routes[j].methods))
				continue;
			if (strcmp(routes[i].pattern, routes[j].pattern) == 0)
				fail_msg("%s duplicates %s", routes[j].name,
				    routes[i].name);
			if (router_patterns_overlap(routes[i].pattern,
			    routes[j].pattern) &&
			    !router_pattern_covers(routes[j].pattern,
			    routes[i].pattern))
				fail_msg("%s is shadowed by %s",
				    routes[j].name, routes[i].name);
		}
}

static const struct {
	const char	*path;
	route_fn	 fn;
	const char	*caps[REQ_MAXCAPS];
} cases[] = {
	{ "/", site_front, { NULL } },
	{ "/page/2/", site_front, { "2" } },
	{ "/2024/05/niger-breaks-off-deal/", site_article,
	    { "2024", "05", "niger-breaks-off-deal" } },
	{ "/2024/05/niger-breaks-off-deal.txt", site_article_txt,
	    { "2024", "05", "niger-breaks-off-deal" } },
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
	{ "/category/world/page/", site_article,
	    { "category", "world", "page" } },
};

static void
test_dispatch(void **state)
{
	struct req		 r;
	const struct route	*rt;
	unsigned		 allow;
	size_t			 i, k;
	enum http_method	 m;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		for (m = HTTP_GET; m <= HTTP_HEAD; m++) {
			memset(&r, 0, sizeof(r));
			r.path = str_c(cases[i].path);
			r.method = m;
			if (router_match(routes, nroutes, &r, &rt, &allow) !=
			    ROUTE_FOUND)
				fail_msg("%s not routed", cases[i].path);
			if (rt->fn != cases[i].fn)
				fail_msg("%s went to %s", cases[i].path,
				    rt->name);
			for (k = 0; k < REQ_MAXCAPS &&
			    cases[i].caps[k] != NULL; k++)
				assert_true(str_eqc(r.caps[k],
				    cases[i].caps[k]));
			assert_int_equal(r.ncaps, k);
		}
	}
}

static const struct {
	const char		*path;
	enum route_result	 want;
} misc_cases[] = {
	{ "/healthz/", ROUTE_DEL_SLASH },
	{ "/robots.txt/", ROUTE_DEL_SLASH },
	{ "/page/2", ROUTE_ADD_SLASH },
	{ "/tag/niger", ROUTE_ADD_SLASH },
	{ "/2024/05/slug", ROUTE_ADD_SLASH },
	{ "/assets/", ROUTE_NONE },
	{ "/nope", ROUTE_NONE },
	{ "/a/b/c/d/e/", ROUTE_NONE },
};

static void
test_canonical(void **state)
{
	struct req		 r;
	const struct route	*rt;
	unsigned		 allow;
	size_t			 i;

	(void)state;
	for (i = 0; i < NELEM(misc_cases); i++) {
		memset(&r, 0, sizeof(r));
		r.path = str_c(misc_cases[i].path);
		r.method = HTTP_GET;
		if (router_match(routes, nroutes, &r, &rt, &allow) !=
		    misc_cases[i].want)
			fail_msg("%s", misc_cases[i].path);
	}
	/* Public pages are read-only. */
	memset(&r, 0, sizeof(r));
	r.path = STR_LIT("/");
	r.method = HTTP_POST;
	assert_int_equal(router_match(routes, nroutes, &r, &rt, &allow),
	    ROUTE_WRONG_METHOD);
	assert_int_equal(allow, ROUTE_GETHEAD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_check),
		cmocka_unit_test(test_no_shadowing),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
