/*
 * test_router.c -- the matcher and the table checker, on tables of our
 * own (test_routes.c walks the real one).
 */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "http/req.h"
#include "http/router.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static enum ng_err
h_dummy(struct req *r, struct resp *rs)
{
	(void)r;
	(void)rs;
	return NG_OK;
}

#define GH ROUTE_GETHEAD
#define P  ROUTE_M(HTTP_POST)

static const struct route table[] = {
	{ "/", GH, h_dummy, 0, "front" },
	{ "/page/{}/", GH, h_dummy, 0, "front_page" },
	{ "/category/{}/page/{}/", GH, h_dummy, 0, "section_page" },
	{ "/healthz", GH, h_dummy, 0, "healthz" },
	{ "/assets/{}", GH, h_dummy, 0, "asset" },
	{ "/comments/{}/", P, h_dummy, 4096, "comment_post" },
	{ "/comments/{}/", GH, h_dummy, 0, "comment_get" },
	{ "/login", P, h_dummy, 1024, "login" },
	{ "/feed.json", GH, h_dummy, 0, "feed_json" },
	{ "/{}/{}/{}/", GH, h_dummy, 0, "article" },
	{ "/{}/{}/{}.txt", GH, h_dummy, 0, "article_txt" },
	{ "/{}/{}/{}/{}/", GH, h_dummy, 0, "four" },
};

static const struct {
	const char	 *path;
	enum http_method  method;
	enum route_result want;
	const char	 *name; /* or the Allow header */
	const char	 *caps[REQ_MAXCAPS];
} match_cases[] = {
	{ "/", HTTP_GET, ROUTE_FOUND, "front", { NULL } },
	{ "/", HTTP_HEAD, ROUTE_FOUND, "front", { NULL } },
	{ "/page/2/", HTTP_GET, ROUTE_FOUND, "front_page", { "2" } },
	{ "/category/world/page/3/", HTTP_GET, ROUTE_FOUND, "section_page",
	    { "world", "3" } },
	{ "/healthz", HTTP_HEAD, ROUTE_FOUND, "healthz", { NULL } },
	{ "/assets/style.3f2a9c1e.css", HTTP_GET, ROUTE_FOUND, "asset",
	    { "style.3f2a9c1e.css" } },
	{ "/2024/05/niger-deal/", HTTP_GET, ROUTE_FOUND, "article",
	    { "2024", "05", "niger-deal" } },
	{ "/2024/05/niger-deal.txt", HTTP_GET, ROUTE_FOUND, "article_txt",
	    { "2024", "05", "niger-deal" } },
	{ "/a/b/c/d/", HTTP_GET, ROUTE_FOUND, "four", { "a", "b", "c", "d" } },
	/* same pattern, two rows, chosen by method */
	{ "/comments/7/", HTTP_POST, ROUTE_FOUND, "comment_post", { "7" } },
	{ "/comments/7/", HTTP_GET, ROUTE_FOUND, "comment_get", { "7" } },
	/* the path exists, the method does not: 405 with Allow */
	{ "/", HTTP_POST, ROUTE_WRONG_METHOD, "GET, HEAD", { NULL } },
	{ "/login", HTTP_GET, ROUTE_WRONG_METHOD, "POST", { NULL } },
	{ "/comments/7/", HTTP_DELETE, ROUTE_WRONG_METHOD, "GET, HEAD, POST",
	    { NULL } },
	{ "/healthz", HTTP_OTHER, ROUTE_WRONG_METHOD, "GET, HEAD", { NULL } },
	/* canonical trailing slash, either way, whatever the method */
	{ "/page/2", HTTP_GET, ROUTE_ADD_SLASH, NULL, { NULL } },
	{ "/2024/05/niger-deal", HTTP_GET, ROUTE_ADD_SLASH, NULL, { NULL } },
	{ "/comments/7", HTTP_POST, ROUTE_ADD_SLASH, NULL, { NULL } },
	{ "/healthz/", HTTP_GET, ROUTE_DEL_SLASH, NULL, { NULL } },
	{ "/feed.json/", HTTP_GET, ROUTE_DEL_SLASH, NULL, { NULL } },
	/* an exact match beats a canonical-slash one */
	{ "/2024/05/niger-deal.txt/", HTTP_GET, ROUTE_FOUND, "article",
	    { "2024", "05", "niger-deal.txt" } },
	/* nothing */
	{ "/nope", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "/page/", HTTP_GET, ROUTE_NONE, NULL, { NULL } }, /* empty cap */
	{ "/page//", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "//", HTTP_GET, ROUTE_DEL_SLASH, NULL, { NULL } }, /* to "/" */
	{ "///", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "//evil.example", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "//evil.example/x/y", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "/a//c/", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	/* no .txt capture is empty, but "/2024/05/.txt/" is an article */
	{ "/2024/05/.txt", HTTP_GET, ROUTE_ADD_SLASH, NULL, { NULL } },
	{ "/assets/", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "/assets/a/b/c/d", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	/* three segments: the article shape, slash added */
	{ "/assets/a/b", HTTP_GET, ROUTE_ADD_SLASH, NULL, { NULL } },
	{ "/HEALTHZ", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
	{ "/a/b/c/d/e/", HTTP_GET, ROUTE_NONE, NULL, { NULL } },
};

static void
test_match(void **state)
{
	struct req	    r;
	const struct route *rt;
	enum route_result   res;
	unsigned	    allow;
	char		    buf[64];
	size_t		    i, k;

	(void)state;
	for (i = 0; i < NELEM(match_cases); i++) {
		memset(&r, 0, sizeof(r));
		r.path = str_c(match_cases[i].path);
		r.method = match_cases[i].method;
		res = router_match(table, NELEM(table), &r, &rt, &allow);
		if (res != match_cases[i].want)
			fail_msg("case %zu %s: got %d want %d", i,
			    match_cases[i].path, res, match_cases[i].want);
		switch (res) {
		case ROUTE_FOUND:
			assert_string_equal(rt->name, match_cases[i].name);
			for (k = 0;
			     k < REQ_MAXCAPS && match_cases[i].caps[k] != NULL;
			     k++)
				assert_true(str_eqc(req_cap(&r, k),
				    match_cases[i].caps[k]));
			assert_int_equal(r.ncaps, k);
			break;
		case ROUTE_WRONG_METHOD:
			assert_null(rt);
			assert_string_equal(router_allow_header(allow, buf,
						sizeof(buf)),
			    match_cases[i].name);
			break;
		default:
			assert_null(rt);
			assert_int_equal(r.ncaps, 0);
			break;
		}
	}
}

static void
test_allow_header(void **state)
{
	char buf[64], tiny[10];

	(void)state;
	assert_string_equal(router_allow_header(0, buf, sizeof(buf)), "");
	assert_string_equal(router_allow_header(ROUTE_M(HTTP_OPTIONS) |
				    ROUTE_GETHEAD,
				buf, sizeof(buf)),
	    "GET, HEAD, OPTIONS");
	/* Cut at whole names, always terminated. */
	assert_string_equal(router_allow_header(ROUTE_GETHEAD |
				    ROUTE_M(HTTP_POST),
				tiny, sizeof(tiny)),
	    "GET, HEAD");
	assert_string_equal(router_allow_header(ROUTE_GETHEAD, tiny, 4), "GET");
}

static const struct {
	const char *a;
	const char *b;
	int	    overlap;
	int	    covers; /* a covers b */
} rel_cases[] = {
	{ "/", "/", 1, 1 },
	{ "/a", "/a", 1, 1 },
	{ "/a", "/b", 0, 0 },
	{ "/a", "/a/", 0, 0 },
	{ "/{}", "/a", 1, 1 },
	{ "/a", "/{}", 1, 0 },
	{ "/{}/", "/a", 0, 0 },
	{ "/{}/{}/{}/", "/category/{}/page/", 1, 1 },
	{ "/category/{}/page/", "/{}/{}/{}/", 1, 0 },
	{ "/{}.txt", "/{}", 1, 0 },
	{ "/{}", "/{}.txt", 1, 1 },
	{ "/{}.txt", "/{}.html", 0, 0 },
	{ "/{}.txt", "/a.txt", 1, 1 },
	{ "/{}.txt", "/.txt", 0, 0 }, /* a capture is never empty */
	{ "/{}.txt", "/robots.txt", 1, 1 },
	{ "/{}x.txt", "/{}.txt", 1, 0 },
	{ "/{}.txt", "/{}x.txt", 1, 1 },
	{ "/{}/", "/{}/{}/", 0, 0 },
};

static void
test_relations(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rel_cases); i++) {
		if (router_patterns_overlap(rel_cases[i].a, rel_cases[i].b) !=
			rel_cases[i].overlap ||
		    router_patterns_overlap(rel_cases[i].b, rel_cases[i].a) !=
			rel_cases[i].overlap)
			fail_msg("overlap %s %s", rel_cases[i].a,
			    rel_cases[i].b);
		if (router_pattern_covers(rel_cases[i].a, rel_cases[i].b) !=
		    rel_cases[i].covers)
			fail_msg("covers %s %s", rel_cases[i].a,
			    rel_cases[i].b);
	}
}

/* Two-route tables that router_check() must refuse, and why. */
static const struct {
	struct route t[2];
	const char  *want; /* substring of the message; NULL: ok */
} check_cases[] = {
	{ { { "/a", GH, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    NULL },
	/* the literal special case before the generic shape: fine */
	{ { { "/feed/{}/", GH, h_dummy, 0, "a" },
	      { "/{}/{}/", GH, h_dummy, 0, "b" } },
	    NULL },
	/* the same pattern for different methods: fine */
	{ { { "/c/{}/", P, h_dummy, 0, "a" },
	      { "/c/{}/", GH, h_dummy, 0, "b" } },
	    NULL },
	{ { { "/a", GH, h_dummy, 0, "a" }, { "/a", GH, h_dummy, 0, "b" } },
	    "duplicates" },
	{ { { "/a", GH, h_dummy, 0, "a" },
	      { "/a", ROUTE_M(HTTP_GET) | ROUTE_M(HTTP_HEAD) | P, h_dummy, 0,
		  "b" } },
	    "duplicates" },
	/* the generic shape first steals the literal's paths */
	{ { { "/{}/{}/", GH, h_dummy, 0, "a" },
	      { "/feed/{}/", GH, h_dummy, 0, "b" } },
	    "shadowed" },
	{ { { "/{}/{}/{}/", GH, h_dummy, 0, "a" },
	      { "/tag/{}/page/", GH, h_dummy, 0, "b" } },
	    "shadowed" },
	/* partial overlap: some of b's paths go to a */
	{ { { "/x/{}/", GH, h_dummy, 0, "a" },
	      { "/{}/y/", GH, h_dummy, 0, "b" } },
	    "shadowed" },
	{ { { "/{}", GH, h_dummy, 0, "a" },
	      { "/{}.txt", GH, h_dummy, 0, "b" } },
	    "shadowed" },
	{ { { "/a", GH, h_dummy, 0, "x" }, { "/b", GH, h_dummy, 0, "x" } },
	    "same name" },
	{ { { "/a", ROUTE_M(HTTP_GET), h_dummy, 0, "a" },
	      { "/b", GH, h_dummy, 0, "b" } },
	    "GET without HEAD" },
	{ { { "/a", GH, NULL, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "no handler" },
	{ { { "/a", 0, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "bad method mask" },
	{ { { "a", GH, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "malformed" },
	{ { { "/a//b", GH, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "malformed" },
	{ { { "/a{}", GH, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "malformed" },
	{ { { "/{}/{}/{}/{}/{}/", GH, h_dummy, 0, "a" },
	      { "/b", GH, h_dummy, 0, "b" } },
	    "malformed" },
	{ { { "/a?x", GH, h_dummy, 0, "a" }, { "/b", GH, h_dummy, 0, "b" } },
	    "malformed" },
};

static void
test_check(void **state)
{
	char   err[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(check_cases); i++) {
		err[0] = '\0';
		if (check_cases[i].want == NULL) {
			if (router_check(check_cases[i].t, 2, err,
				sizeof(err)) != NG_OK)
				fail_msg("case %zu refused: %s", i, err);
			continue;
		}
		if (router_check(check_cases[i].t, 2, err, sizeof(err)) !=
		    NG_EINVAL)
			fail_msg("case %zu accepted", i);
		if (strstr(err, check_cases[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err,
			    check_cases[i].want);
	}
	/* The test table above is itself a valid table. */
	assert_int_equal(router_check(table, NELEM(table), err, sizeof(err)),
	    NG_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_allow_header),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
