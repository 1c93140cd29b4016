/*
 * test_limit.c -- rate limits held in the database (store_limit_take())
 * and media bytes kept in it (store_media_file_*), on SQLite; the
 * PostgreSQL pass runs the same calls from two instances
 * (tests/http/postgres_shared.test.mjs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "store/store.h"
#include "testlib.h"

struct fx {
	char	     *dir;
	struct store *st;
	struct arena *ar;
};

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char	   path[1024], err[256];

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", fx->dir);
	if (store_open(path, 2, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	fx->ar = arena_new(1u << 20);
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

static enum ng_err
take(struct fx *fx, const char *key, const struct store_limit *r, size_t n,
    int64_t now, int64_t *retry)
{
	return store_limit_take(fx->st, str_c(key), r, n, now, retry);
}

/* "1 per 15 s" and "3 per hour", as the comment form sets them. */
static void
test_sliding_window(void **state)
{
	struct fx	  *fx = *state;
	struct store_limit r[2] = { { 1, 15 }, { 3, 3600 } };
	int64_t		   t = INT64_C(1700000000000), retry;

	assert_int_equal(take(fx, "comment:a", r, 2, t, &retry), NG_OK);
	assert_int_equal(retry, 0);
	/* The flood rule: 15 s after the first, to the millisecond. */
	assert_int_equal(take(fx, "comment:a", r, 2, t + 1000, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 14000);
	/* A refused event is not counted. */
	assert_int_equal(take(fx, "comment:a", r, 2, t + 14999, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 1);
	/* Another key has its own allowance. */
	assert_int_equal(take(fx, "comment:b", r, 2, t + 1000, &retry), NG_OK);
	assert_int_equal(take(fx, "comment:a", r, 2, t + 20000, &retry), NG_OK);
	assert_int_equal(take(fx, "comment:a", r, 2, t + 40000, &retry), NG_OK);
	/* The hourly rule: the 4th waits until the 1st is an hour old. */
	assert_int_equal(take(fx, "comment:a", r, 2, t + 60000, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 3600000 - 60000);
	assert_int_equal(take(fx, "comment:a", r, 2, t + 3600000, &retry),
	    NG_OK);
	/* ... and the 5th until the 2nd is. */
	assert_int_equal(take(fx, "comment:a", r, 2, t + 3616000, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 4000);
	assert_int_equal(take(fx, "comment:a", r, 2, t + 3620000, &retry),
	    NG_OK);
}

static void
test_rules_off_and_bad_input(void **state)
{
	struct fx	  *fx = *state;
	struct store_limit off[2] = { { 0, 15 }, { 5, 0 } };
	struct store_limit many[STORE_LIMIT_RULES_MAX + 1] = { { 1, 1 } };
	int64_t		   t = INT64_C(1700000000000), retry;
	int		   i;

	for (i = 0; i < 10; i++)
		assert_int_equal(take(fx, "k", off, 2, t, &retry), NG_OK);
	assert_int_equal(take(fx, "", off, 2, t, &retry), NG_EINVAL);
	assert_int_equal(take(fx, "k", many, STORE_LIMIT_RULES_MAX + 1, t,
			     &retry),
	    NG_EINVAL);
}

/* A large max ("2,000 an hour" from a shared address) is exact too. */
static void
test_large_max(void **state)
{
	struct fx	  *fx = *state;
	struct store_limit r[1] = { { 200, 3600 } };
	int64_t		   t = INT64_C(1700000000000), retry;
	int		   i;

	for (i = 0; i < 200; i++)
		assert_int_equal(take(fx, "carrier", r, 1, t + i, &retry),
		    NG_OK);
	assert_int_equal(take(fx, "carrier", r, 1, t + 500, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 3600000 - 500);
	assert_int_equal(take(fx, "carrier", r, 1, t + 3600000, &retry), NG_OK);
}

/*
 * check() asks without recording (the login limits: the check comes
 * before the password, the failure is noted after it).
 */
static void
test_check_records_nothing(void **state)
{
	struct fx	  *fx = *state;
	struct store_limit r[2] = { { 2, 60 }, { 3, 3600 } };
	int64_t		   t = INT64_C(1700000000000), retry;
	int		   i;

	for (i = 0; i < 5; i++) {
		assert_int_equal(store_limit_check(fx->st, str_c("login:ip:x"),
				     r, 2, t + i, &retry),
		    NG_OK);
		assert_int_equal(retry, 0);
	}
	assert_int_equal(store_limit_note(fx->st, str_c("login:ip:x"), t),
	    NG_OK);
	assert_int_equal(store_limit_check(fx->st, str_c("login:ip:x"), r, 2,
			     t + 1000, &retry),
	    NG_OK);
	assert_int_equal(store_limit_note(fx->st, str_c("login:ip:x"),
			     t + 1000),
	    NG_OK);
	/* Two in the minute: the next waits until the first leaves it. */
	assert_int_equal(store_limit_check(fx->st, str_c("login:ip:x"), r, 2,
			     t + 5000, &retry),
	    NG_EFORBIDDEN);
	assert_int_equal(retry, 55000);
	assert_int_equal(store_limit_check(fx->st, str_c("login:ip:x"), r, 2,
			     t + 60000, &retry),
	    NG_OK);
	/* Forgotten: allowed at once. */
	assert_int_equal(store_limit_forget(fx->st, str_c("login:ip:x")),
	    NG_OK);
	assert_int_equal(store_limit_check(fx->st, str_c("login:ip:x"), r, 2,
			     t + 5000, &retry),
	    NG_OK);
	assert_int_equal(store_limit_check(fx->st, str_c(""), r, 2, t, &retry),
	    NG_EINVAL);
}

static void
test_media_files(void **state)
{
	struct fx *fx = *state;
	struct str got;
	int64_t	   size;
	char	   big[64];

	assert_false(store_media_in_db(fx->st));
	assert_int_equal(store_media_file_get(fx->ar, fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     &got),
	    NG_ENOTFOUND);
	/* Bytes, NULs included, come back as they went in. */
	assert_int_equal(store_media_file_put(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     (struct str){ "\xff\xd8\0\x01jpeg", 8 }),
	    NG_OK);
	assert_int_equal(store_media_file_get(fx->ar, fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     &got),
	    NG_OK);
	assert_int_equal(got.n, 8);
	assert_memory_equal(got.p, "\xff\xd8\0\x01jpeg", 8);
	assert_int_equal(store_media_file_size(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     &size),
	    NG_OK);
	assert_int_equal(size, 8);
	/* A second put of the same name keeps the first. */
	assert_int_equal(store_media_file_put(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     STR_LIT("other")),
	    NG_OK);
	assert_int_equal(store_media_file_size(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("480.jpg"),
			     &size),
	    NG_OK);
	assert_int_equal(size, 8);
	memset(big, 'x', sizeof(big));
	assert_int_equal(store_media_file_put(fx->st,
			     (struct str){ big, STORE_MEDIA_NAME_MAX + 1 },
			     STR_LIT("480.jpg"), STR_LIT("x")),
	    NG_EINVAL);
	assert_int_equal(store_media_file_put(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("960.jpg"),
			     (struct str){ big, STORE_MEDIA_FILE_MAX + 1 }),
	    NG_ETOOBIG);
	assert_int_equal(store_media_file_put(fx->st,
			     STR_LIT("0123456789abcdef"), STR_LIT("960.jpg"),
			     STR_LIT("")),
	    NG_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_sliding_window),
		T(test_rules_off_and_bad_input),
		T(test_large_max),
		T(test_check_records_nothing),
		T(test_media_files),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
