/*
 * test_breaking.c -- the breaking-news banner in the store: what a
 * stored value decodes to, what a write refuses, that a banner reads as
 * none from its expiry on, and that the page cache's next-change time
 * names its expiry.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"

struct fx {
	char	     *dir;
	struct store *st;
	struct arena *ar;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char	   err[256], path[4096];

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", fx->dir);
	if (store_open(path, 1, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(1024 * 1024);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	arena_free(fx->ar);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static void
test_decode(void **state)
{
	struct breaking_news b;

	(void)state;
	assert_int_equal(store_breaking_decode(STR_LIT(""), &b), NG_ENOTFOUND);
	assert_int_equal(store_breaking_decode(
			     STR_LIT(
				 "1\tdeveloping\t100\t200\t/x/\tRoads shut"),
			     &b),
	    NG_OK);
	assert_int_equal(b.level, BREAKING_DEVELOPING);
	assert_int_equal(b.starts_at, 100);
	assert_int_equal(b.expires_at, 200);
	assert_true(str_eqc(b.url, "/x/"));
	assert_true(str_eqc(b.text, "Roads shut"));
	assert_true(store_breaking_live(&b, 199));
	assert_false(store_breaking_live(&b, 200));
	/* No link is fine. */
	assert_int_equal(store_breaking_decode(STR_LIT("1\tnotice\t1\t2\t\tA"),
			     &b),
	    NG_OK);
	assert_int_equal(b.url.n, 0);
	/* Malformed values are not banners. */
	static const char *const bad[] = {
		"2\tnotice\t1\t2\t\tA",		    /* unknown version */
		"1\tpanic\t1\t2\t\tA",		    /* unknown level */
		"1\tnotice\tx\t2\t\tA",		    /* not a number */
		"1\tnotice\t1\t0\t\tA",		    /* no expiry */
		"1\tnotice\t1\t2\t\t",		    /* no text */
		"1\tnotice\t1\t2\tjavascript:x\tA", /* not a link */
		"1\tnotice\t1\t2\t//evil/\tA",	    /* another host */
		"1\tnotice\t1\t2\t\tA\tB",	    /* a tab in the text */
		"1\tnotice",			    /* cut short */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(store_breaking_decode(str_c(bad[i]), &b),
		    NG_EINVAL);
}

static void
test_set_get_expire(void **state)
{
	struct fx	    *fx = *state;
	struct breaking_news b, got;
	int64_t		     next;
	uint64_t	     gen;

	memset(&b, 0, sizeof(b));
	b.text = STR_LIT("Storm warning for the coast");
	b.url = STR_LIT("https://example.org/storm");
	b.level = BREAKING_NEWS;
	b.starts_at = 1000;
	b.expires_at = 5000;
	gen = store_generation(fx->st);
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &b), NG_OK);
	/* A write readers see: cached pages go. */
	assert_true(store_generation(fx->st) > gen);
	assert_int_equal(store_breaking_get(fx->ar, fx->st, 4999, &got), NG_OK);
	assert_true(str_eq(got.text, b.text));
	assert_true(str_eq(got.url, b.url));
	assert_int_equal(got.expires_at, 5000);
	assert_int_equal(store_breaking_get(fx->ar, fx->st, 5000, &got),
	    NG_ENOTFOUND);
	/* No scheduled article: the banner's expiry is the next change. */
	assert_int_equal(store_next_publish_after(fx->st, 2000, &next), NG_OK);
	assert_int_equal(next, 5000);
	assert_int_equal(store_next_publish_after(fx->st, 5000, &next),
	    NG_ENOTFOUND);

	/* Refused: the stored banner stays. */
	got = b;
	got.text = STR_LIT("two\nlines");
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &got), NG_EINVAL);
	got = b;
	got.expires_at = got.starts_at;
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &got), NG_EINVAL);
	got = b;
	got.url = STR_LIT("javascript:alert(1)");
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &got), NG_EINVAL);
	got = b;
	got.level = BREAKING__MAX;
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &got), NG_EINVAL);
	char long_text[STORE_BREAKING_TEXT_MAX + 2];
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	got = b;
	got.text = str_c(long_text);
	assert_int_equal(store_breaking_set(fx->ar, fx->st, &got), NG_ETOOBIG);
	assert_int_equal(store_breaking_get(fx->ar, fx->st, 4000, &got), NG_OK);
	assert_true(str_eq(got.text, b.text));

	/* Off. */
	assert_int_equal(store_breaking_set(fx->ar, fx->st, NULL), NG_OK);
	assert_int_equal(store_breaking_get(fx->ar, fx->st, 4000, &got),
	    NG_ENOTFOUND);
	assert_int_equal(store_next_publish_after(fx->st, 2000, &next),
	    NG_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test_setup_teardown(test_set_get_expire, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
