/*
 * test_permalink.c -- article URL patterns: parse, fill in, match.
 */
#include "testlib.h"

#include <string.h>

#include "core/arena.h"
#include "content/permalink.h"

/* 2024-08-05T07:08:09Z */
#define T_AUG 1722841689LL

static const struct {
	const char *pattern;
	enum ng_err want;
} parse_cases[] = {
	{ PERMALINK_DEFAULT, NG_OK },
	{ "/%year%/%monthnum%/%day%/%postname%/", NG_OK },
	{ "/%postname%/", NG_OK },
	{ "/archives/%post_id%/", NG_OK },
	{ "/news/%year%/%postname%/", NG_OK },
	{ "/%year%/%monthnum%/%day%/%hour%/%minute%/%second%/%postname%/",
	    NG_OK },
	{ "/%post_id%/%postname%/", NG_OK },
	{ "", NG_EINVAL },
	{ "/", NG_EINVAL },
	{ "%postname%", NG_EINVAL },
	{ "/%postname%", NG_EINVAL },
	{ "%postname%/", NG_EINVAL },
	{ "/%year%/%monthnum%/", NG_EINVAL },
	{ "/%category%/%postname%/", NG_EINVAL },
	{ "/%year%%monthnum%/%postname%/", NG_EINVAL },
	{ "/%year%//%postname%/", NG_EINVAL },
	{ "/News/%postname%/", NG_EINVAL },
	{ "/a b/%postname%/", NG_EINVAL },
	{ "/a?b/%postname%/", NG_EINVAL },
	{ "/feed/%postname%/", NG_EINVAL },
	{ "/tag/%postname%/", NG_EINVAL },
	{ "/a/b/c/d/e/f/g/h/%postname%/", NG_ETOOBIG },
	{ "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "/%postname%/",
	    NG_ETOOBIG },
};

static void
test_parse(void **state)
{
	struct permalink pl;
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		enum ng_err err = permalink_parse(str_c(parse_cases[i].pattern),
		    &pl, &why);

		if (err != parse_cases[i].want)
			fail_msg("%s: got %d want %d (%s)",
			    parse_cases[i].pattern, err, parse_cases[i].want,
			    why != NULL ? why : "");
		/* Every refusal says why, for the settings page. */
		if (err != NG_OK)
			assert_non_null(why);
		else
			assert_null(why);
	}
}

static const struct {
	const char	   *pattern;
	enum permalink_view view;
	const char	   *want;
} path_cases[] = {
	{ PERMALINK_DEFAULT, PV_PAGE, "/2024/08/niger-talks/" },
	{ PERMALINK_DEFAULT, PV_TXT, "/2024/08/niger-talks.txt" },
	{ PERMALINK_DEFAULT, PV_COMMENT, "/2024/08/niger-talks/comment" },
	{ PERMALINK_DEFAULT, PV_FEED, "/2024/08/niger-talks/feed/" },
	{ PERMALINK_DEFAULT, PV_FEED_ATOM, "/2024/08/niger-talks/feed/atom/" },
	{ PERMALINK_DEFAULT, PV_FEED_JSON, "/2024/08/niger-talks/feed/json/" },
	{ PERMALINK_DEFAULT, PV_NOSLASH, "/2024/08/niger-talks/" },
	{ "/%year%/%monthnum%/%day%/%postname%/", PV_PAGE,
	    "/2024/08/05/niger-talks/" },
	{ "/%postname%/", PV_PAGE, "/niger-talks/" },
	{ "/%postname%/", PV_TXT, "/niger-talks.txt" },
	{ "/archives/%post_id%/", PV_PAGE, "/archives/42/" },
	{ "/archives/%post_id%/", PV_FEED, "/archives/42/feed/" },
	{ "/n/%year%/%monthnum%/%day%/%hour%/%minute%/%second%/%postname%/",
	    PV_PAGE, "/n/2024/08/05/07/08/09/niger-talks/" },
};

static void
test_path(void **state)
{
	struct arena	    *a = arena_new(1 << 16);
	struct permalink     pl;
	struct permalink_hit hit;
	const char	    *p;
	size_t		     i;

	(void)state;
	for (i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
		assert_int_equal(permalink_parse(str_c(path_cases[i].pattern),
				     &pl, NULL),
		    NG_OK);
		p = permalink_path(a, &pl, 42, STR_LIT("niger-talks"), T_AUG,
		    path_cases[i].view);
		assert_non_null(p);
		assert_string_equal(p, path_cases[i].want);

		/* Round trip: the path matches back to the same article. */
		assert_int_equal(permalink_match(&pl, str_c(p), &hit), NG_OK);
		assert_int_equal(hit.view,
		    path_cases[i].view == PV_NOSLASH ? PV_PAGE :
						       path_cases[i].view);
		if (strstr(path_cases[i].pattern, "%postname%") != NULL)
			assert_true(str_eq(hit.slug, STR_LIT("niger-talks")));
		else
			assert_int_equal(hit.id, 42);
		assert_true(permalink_date_agrees(&hit, T_AUG));
		/* A month later does not agree when the path has a date. */
		assert_int_equal(permalink_date_agrees(&hit,
				     T_AUG + 31 * 86400LL),
		    strstr(path_cases[i].pattern, "%year%") == NULL);
	}
	arena_free(a);
}

static const struct {
	const char	   *pattern;
	const char	   *path;
	int		    found;
	enum permalink_view view;
} match_cases[] = {
	{ PERMALINK_DEFAULT, "/2024/08/x", 1, PV_NOSLASH },
	{ PERMALINK_DEFAULT, "/2024/08/x/feed", 1, PV_FEED },
	{ PERMALINK_DEFAULT, "/2024/08/x/feed/atom", 1, PV_FEED_ATOM },
	{ PERMALINK_DEFAULT, "/2024/08/x/feed/json", 1, PV_FEED_JSON },
	{ PERMALINK_DEFAULT, "/2024/08/feed/", 0, 0 },
	{ "/%year%/%postname%/", "/2024/feed", 0, 0 },
	{ "/%year%/%postname%/", "/2024/x/feed", 1, PV_FEED },
	{ "/%postname%/", "/tag/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/x/feed/atom/", 1, PV_FEED_ATOM },
	{ PERMALINK_DEFAULT, "/2024/08/x/feed/json/", 1, PV_FEED_JSON },
	{ PERMALINK_DEFAULT, "/2024/8/x/", 0, 0 },
	/* an imported article's old slug in another script ("мол") */
	{ PERMALINK_DEFAULT, "/2024/08/\xd0\xbc\xd0\xbe\xd0\xbb/", 1, PV_PAGE },
	{ PERMALINK_DEFAULT, "/2024/08/\xd0\xbc\xd0/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/13/x/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/00/x/", 0, 0 },
	{ PERMALINK_DEFAULT, "/24/08/x/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/X/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/x-/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/x/y/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08//", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/", 0, 0 },
	{ PERMALINK_DEFAULT, "//08/x/", 0, 0 },
	{ PERMALINK_DEFAULT, "/", 0, 0 },
	{ PERMALINK_DEFAULT, "", 0, 0 },
	{ PERMALINK_DEFAULT, "2024/08/x/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/x/comment/", 0, 0 },
	{ PERMALINK_DEFAULT, "/2024/08/x.txt/", 0, 0 },
	{ "/%postname%/", "/x/", 1, PV_PAGE },
	{ "/%postname%/", "/x", 1, PV_NOSLASH },
	{ "/%postname%/", "/x/y/", 0, 0 },
	{ "/archives/%post_id%/", "/archives/0/", 0, 0 },
	{ "/archives/%post_id%/", "/archives/007/", 0, 0 },
	{ "/archives/%post_id%/", "/archives/99999999999999999999/", 0, 0 },
	{ "/archives/%post_id%/", "/archives/-1/", 0, 0 },
	{ "/archives/%post_id%/", "/archive/1/", 0, 0 },
	{ "/archives/%post_id%/", "/archives/12", 1, PV_NOSLASH },
};

static void
test_match(void **state)
{
	struct permalink     pl;
	struct permalink_hit hit;
	size_t		     i;
	enum ng_err	     err;

	(void)state;
	for (i = 0; i < sizeof(match_cases) / sizeof(match_cases[0]); i++) {
		assert_int_equal(permalink_parse(str_c(match_cases[i].pattern),
				     &pl, NULL),
		    NG_OK);
		err = permalink_match(&pl, str_c(match_cases[i].path), &hit);
		if ((err == NG_OK) != match_cases[i].found)
			fail_msg("%s against %s: got %d", match_cases[i].path,
			    match_cases[i].pattern, err);
		if (err == NG_OK) {
			assert_int_equal(hit.view, match_cases[i].view);
			/* A feed without its last slash is marked so. */
			assert_int_equal(hit.slashless,
			    hit.view != PV_NOSLASH &&
				match_cases[i]
					.path[strlen(match_cases[i].path) -
					    1] != '/' &&
				strstr(match_cases[i].path, "feed") != NULL);
		}
	}
}

static void
test_reserved(void **state)
{
	(void)state;
	assert_true(permalink_slug_reserved(STR_LIT("feed")));
	assert_true(permalink_slug_reserved(STR_LIT("admin")));
	assert_false(permalink_slug_reserved(STR_LIT("feeds")));
	assert_false(permalink_slug_reserved(STR_LIT("niger-talks")));
	assert_false(permalink_slug_reserved(STR_NULL));
}

/* Times outside 0..9999 years fall back to 1970 rather than overflow. */
static void
test_bad_times(void **state)
{
	struct arena	*a = arena_new(1 << 12);
	struct permalink pl;

	(void)state;
	assert_int_equal(permalink_parse(STR_LIT(PERMALINK_DEFAULT), &pl, NULL),
	    NG_OK);
	assert_string_equal(permalink_path(a, &pl, 1, STR_LIT("x"), -5,
				PV_PAGE),
	    "/1970/01/x/");
	assert_string_equal(permalink_path(a, &pl, 1, STR_LIT("x"), INT64_MAX,
				PV_PAGE),
	    "/1970/01/x/");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_reserved),
		cmocka_unit_test(test_bad_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
